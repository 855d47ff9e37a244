import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/database.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { TestProcedure } from "../../../../test/instruction.ts";
import { buildPerson, buildRequestRow, buildUpload, expectRowLocked, publishedProcedure, type QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import { upsertProcedureAgent } from "./agents.ts";
import { countVisibleMessages, findAttachedAgentContact, findMessageAttachment, findThreadRequest, insertMessage, listThread, lockThreadRequest } from "./messages.ts";

describe("the messages' queries", () => {
  const clock = fixedClock();
  let database: QueryTestDatabase;
  let db: Db;
  let essai: TestProcedure;
  let agent: { id: string };
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    essai = await publishedProcedure({ db, clock }, "essai");
    agent = await buildPerson(db, { role: "agent", civility: "Mme", firstName: "Lucie", lastName: "Bernard" });
  });
  afterAll(() => database.drop());

  const at = (minute: number) => new Date(`2026-03-05T10:${String(minute).padStart(2, "0")}:00Z`);
  const write = (requestId: string, authorId: string, body: string, minute: number, fields: { internal?: boolean; uploadId?: string | null } = {}) =>
    insertMessage(db, { requestId, authorId, body, internal: fields.internal ?? false, uploadId: fields.uploadId ?? null, createdAt: at(minute) });

  it("finds a request as the thread needs it, with its procedure and applicant", async () => {
    const applicant = await buildPerson(db, { civility: "M.", firstName: "Marc", lastName: "Petit" });
    const request = await buildRequestRow(db, { procedure: essai, applicant });
    await db.updateTable("requests").set({ assignedAgentId: agent.id, applicantEmail: "dossier@exemple.fr" }).where("id", "=", request.id).execute();
    expect(await findThreadRequest(db, request.id)).toEqual({
      id: request.id,
      status: "filed",
      number: request.number,
      procedureId: essai.id,
      applicantId: applicant.id,
      applicantEmail: "dossier@exemple.fr",
      assignedAgentId: agent.id,
      slug: "essai",
      title: "Demande de logement d'essai",
      applicantAccountEmail: applicant.email,
      applicantCivility: "M.",
      applicantFirstName: "Marc",
      applicantLastName: "Petit",
    });
    expect(await findThreadRequest(db, randomUUID())).toBeUndefined();
  });

  it("locks the request and reads its status and agent again", async () => {
    const request = await buildRequestRow(db, { procedure: essai, status: "in_instruction" });
    await db.updateTable("requests").set({ assignedAgentId: agent.id }).where("id", "=", request.id).execute();
    const locked = await expectRowLocked(db, "requests", request.id, (trx) => lockThreadRequest(trx, request.id));
    expect(locked).toEqual({ id: request.id, status: "in_instruction", assignedAgentId: agent.id });
    expect(await lockThreadRequest(db, randomUUID())).toBeUndefined();
  });

  it("gives the thread oldest first with authors and attachments, the agents' notes only when asked", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const other = await buildRequestRow(db, { procedure: essai });
    const upload = await buildUpload(db, { originalName: "devis.pdf", size: 4096 });
    const answer = await write(request.id, agent.id, "Voici la réponse", 3);
    const note = await write(request.id, agent.id, "Note interne", 2, { internal: true });
    const question = await write(request.id, request.applicant.id, "Une question", 1, { uploadId: upload.id });
    await write(other.id, other.applicant.id, "Ailleurs", 1);
    const applicantView = await listThread(db, request.id, { withNotes: false });
    expect(applicantView.map((message) => message.id)).toEqual([question.id, answer.id]);
    expect(applicantView[0]).toMatchObject({
      body: "Une question",
      internal: false,
      authorRole: "applicant",
      authorLastName: "Martin",
      uploadId: upload.id,
      attachmentName: "devis.pdf",
      attachmentType: "pdf",
      attachmentSize: 4096,
    });
    expect(applicantView[1]).toMatchObject({ authorRole: "agent", authorCivility: "Mme", authorFirstName: "Lucie", uploadId: null });
    expect((await listThread(db, request.id, { withNotes: true })).map((message) => [message.id, message.internal])).toEqual([
      [question.id, false],
      [note.id, true],
      [answer.id, false],
    ]);
  });

  it("counts the messages the applicant sees per request, notes left out and silent requests absent", async () => {
    const talkative = await buildRequestRow(db, { procedure: essai });
    const notesOnly = await buildRequestRow(db, { procedure: essai });
    const silent = await buildRequestRow(db, { procedure: essai });
    await write(talkative.id, agent.id, "Un", 1);
    await write(talkative.id, talkative.applicant.id, "Deux", 2);
    await write(talkative.id, agent.id, "Note", 3, { internal: true });
    await write(notesOnly.id, agent.id, "Note", 1, { internal: true });
    expect(await countVisibleMessages(db, [talkative.id, notesOnly.id, silent.id])).toEqual(new Map([[talkative.id, 2]]));
    expect(await countVisibleMessages(db, [])).toEqual(new Map());
  });

  it("finds a message's attachment within its request, a note's only when asked", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const other = await buildRequestRow(db, { procedure: essai });
    const sent = await buildUpload(db, { originalName: "devis.pdf" });
    const noted = await buildUpload(db, { originalName: "note.pdf" });
    await write(request.id, request.applicant.id, "Ci-joint", 1, { uploadId: sent.id });
    await write(request.id, agent.id, "Pour nous", 2, { internal: true, uploadId: noted.id });
    expect(await findMessageAttachment(db, request.id, sent.id, { withNotes: false })).toEqual({
      id: sent.id,
      storageKey: sent.storageKey,
      originalName: "devis.pdf",
      detectedType: "pdf",
    });
    expect(await findMessageAttachment(db, request.id, noted.id, { withNotes: false })).toBeUndefined();
    expect((await findMessageAttachment(db, request.id, noted.id, { withNotes: true }))?.id).toBe(noted.id);
    expect(await findMessageAttachment(db, other.id, sent.id, { withNotes: true })).toBeUndefined();
  });

  it("saves a message as written", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const { id } = await write(request.id, agent.id, "Bonjour", 4, { internal: true });
    const row = await db.selectFrom("requestMessages").select(["requestId", "authorId", "body", "internal", "uploadId", "createdAt"]).where("id", "=", id).executeTakeFirst();
    expect(row).toEqual({ requestId: request.id, authorId: agent.id, body: "Bonjour", internal: true, uploadId: null, createdAt: at(4) });
  });

  it("finds an agent's address only while they are an active agent attached to the procedure", async () => {
    const lucie = await buildPerson(db, { role: "agent", civility: "Mme", lastName: "Bernard" });
    const other = await publishedProcedure({ db, clock }, "autre-messagerie");
    await upsertProcedureAgent(db, { procedureId: essai.id, accountId: lucie.id, groupName: "Instructeurs", createdAt: clock.now() });
    expect(await findAttachedAgentContact(db, lucie.id, essai.id)).toEqual({ email: lucie.email, civility: "Mme", lastName: "Bernard" });
    expect(await findAttachedAgentContact(db, lucie.id, other.id)).toBeUndefined();
    await db.updateTable("accounts").set({ status: "pending" }).where("id", "=", lucie.id).execute();
    expect(await findAttachedAgentContact(db, lucie.id, essai.id)).toBeUndefined();
    await db.updateTable("accounts").set({ status: "active", role: "applicant" }).where("id", "=", lucie.id).execute();
    expect(await findAttachedAgentContact(db, lucie.id, essai.id)).toBeUndefined();
  });
});
