import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { buildAccount } from "../../../../test/builders.ts";
import { loadProcedures } from "../../procedures/load-procedures.ts";
import { publishProcedure } from "../../procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../../procedures/queries.ts";
import { buildDefinition } from "../../../../test/procedures.ts";
import { buildPerson, buildRequestRow, buildUpload, expectRowLocked } from "../../../../test/query-fixtures.ts";
import type { TestProcedure } from "../../../../test/instruction.ts";
import { randomUUID } from "node:crypto";
import {
  deleteRequestDocument,
  findApplicantName,
  findApplicantRequest,
  findRequestDocumentByUpload,
  findRequestForMail,
  findRequestProcedureId,
  findVersionDefinition,
  insertDraft,
  insertEvent,
  insertRequestDocument,
  insertUpload,
  listApplicantRequests,
  listRequestDocuments,
  listVisibleEvents,
  lockOwnRequest,
  lockRequest,
  lockRequestAnswers,
  lockRequestForTransition,
  lockRequestWithProcedure,
  setRequestStatus,
  updateDraftAnswers,
  updateDraftAnswersIfUnchanged,
} from "./requests.ts";

describe("the requests' queries", () => {
  let t: TestApp;
  let version: { procedureId: string; versionId: string };
  let essai: TestProcedure;
  beforeAll(async () => {
    t = await createTestApp();
    await loadProcedures(t.deps, [{ name: "procedures/essai.json", content: JSON.stringify(buildDefinition()) }], { via: "cli" });
    await publishProcedure(t.deps, { slug: "essai" }, { actorId: null });
    const published = (await findPublishedDefinition(t.deps.db, "essai"))!;
    version = { procedureId: published.procedureId, versionId: published.versionId };
    essai = { id: published.procedureId, versionId: published.versionId, slug: "essai" };
  });
  afterAll(() => t.close());

  const draftOf = async (applicantId: string) =>
    insertDraft(t.deps.db, { ...version, procedureVersionId: version.versionId, applicantId, organisationId: null, applicantEmail: "a@exemple.fr", currentStep: "general", now: t.clock.now() });

  it("reads a request's answers with their keys as stored (dashes, accents), only for its applicant", async () => {
    const owner = await buildAccount(t.deps.db);
    const other = await buildAccount(t.deps.db);
    const { id } = await draftOf(owner.id);
    const answers = { "nom-usage": "Martin", menage: [{ prénom: "Léa", sous_champ: true }] };
    expect(await updateDraftAnswers(t.deps.db, { requestId: id, answers, currentStep: "foyer", now: t.clock.now() })).toBe(true);
    expect((await findApplicantRequest(t.deps.db, id, owner.id))?.answers).toEqual(answers);
    expect(await findApplicantRequest(t.deps.db, id, other.id)).toBeUndefined();
    expect((await listApplicantRequests(t.deps.db, owner.id)).map((request) => [request.id, request.title])).toEqual([[id, "Démarche d'essai"]]);
    expect(await listApplicantRequests(t.deps.db, other.id)).toEqual([]);
  });

  it("saves answers only while the request is a draft", async () => {
    const owner = await buildAccount(t.deps.db);
    const { id } = await draftOf(owner.id);
    await t.deps.db.updateTable("requests").set({ status: "abandoned" }).where("id", "=", id).execute();
    expect(await updateDraftAnswers(t.deps.db, { requestId: id, answers: { nom: "x" }, currentStep: "general", now: t.clock.now() })).toBe(false);
  });

  it("updateDraftAnswersIfUnchanged saves only while nothing wrote the request or its applicant since the version read, and only a draft", async () => {
    const owner = await buildAccount(t.deps.db);
    const { id } = await draftOf(owner.id);
    const first = { "nom-usage": "Martin", menage: [{ prénom: "Léa" }] };
    await updateDraftAnswers(t.deps.db, { requestId: id, answers: first, currentStep: "general", now: t.clock.now() });
    const read = (await findApplicantRequest(t.deps.db, id, owner.id))!;
    // The request's xmin, its applicant's, and the request's updated_at in seconds (to the microsecond).
    expect(read.version).toMatch(/^\d+\.\d+\.\d+(\.\d+)?$/);
    const save = (version: string, answers: Record<string, unknown>, applicantId = owner.id) =>
      updateDraftAnswersIfUnchanged(t.deps.db, { requestId: id, applicantId, version, answers: answers as typeof first, currentStep: "foyer", now: t.clock.now() });
    const stored = async () => (await findApplicantRequest(t.deps.db, id, owner.id))!;
    // As read: saved, and the new version is the one a read now gives.
    const saved = await save(read.version, { ...first, revenus: 1200 });
    expect(saved?.version).not.toBe(read.version);
    expect(await stored()).toMatchObject({ answers: { ...first, revenus: 1200 }, currentStep: "foyer", version: saved!.version, updatedAt: saved!.updatedAt });
    // Someone else than its applicant, even with the version: nothing written.
    const other = await buildAccount(t.deps.db);
    expect(await save(saved!.version, { autre: "valeur" }, other.id)).toBeUndefined();
    // Another save came in between: nothing written.
    expect(await save(read.version, { autre: "valeur" })).toBeUndefined();
    expect((await stored()).answers).toEqual({ ...first, revenus: 1200 });
    // The applicant's account changed (their civil identity, which locked fields copy): nothing written.
    await t.deps.db.updateTable("accounts").set({ birthDate: "1980-01-02" }).where("id", "=", owner.id).execute();
    expect(await save(saved!.version, { autre: "valeur" })).toBeUndefined();
    const current = await stored();
    expect(current.answers).toEqual({ ...first, revenus: 1200 });
    // No longer a draft: nothing written, whatever the version.
    await t.deps.db.updateTable("requests").set({ status: "abandoned" }).where("id", "=", id).execute();
    expect(await save(current.version, { autre: "valeur" })).toBeUndefined();
    expect(await save((await stored()).version, { autre: "valeur" })).toBeUndefined();
  });

  it("a save whose transaction numbers hold but whose time does not (lost in a crash of the database server, its xmin handed out again) writes nothing", async () => {
    const owner = await buildAccount(t.deps.db);
    const { id } = await draftOf(owner.id);
    const read = (await findApplicantRequest(t.deps.db, id, owner.id))!;
    const [requestXmin, accountXmin] = read.version.split(".");
    // The same xmins as the row now has, with the time of a save the database no longer has.
    const lostSave = `${requestXmin}.${accountXmin}.${Math.floor(read.updatedAt.getTime() / 1000) + 60}`;
    const save = (version: string) =>
      updateDraftAnswersIfUnchanged(t.deps.db, { requestId: id, applicantId: owner.id, version, answers: { "nom-usage": "Perdu" }, currentStep: "foyer", now: t.clock.now() });
    expect(await save(lostSave)).toBeUndefined();
    expect((await findApplicantRequest(t.deps.db, id, owner.id))!.answers).toEqual({});
    expect(await save(read.version)).toBeDefined();
  });

  it("a draft's save leaves its transaction's commit not waiting for the disk, only when it writes", async () => {
    const owner = await buildAccount(t.deps.db);
    const { id } = await draftOf(owner.id);
    const read = (await findApplicantRequest(t.deps.db, id, owner.id))!;
    // Run in a transaction here only to read the setting it leaves before the commit (rolled back).
    const settingAfter = (version: string) =>
      t.deps.db
        .transaction()
        .execute(async (trx) => {
          await updateDraftAnswersIfUnchanged(trx, { requestId: id, applicantId: owner.id, version, answers: { "nom-usage": "Martin" }, currentStep: "foyer", now: t.clock.now() });
          const { rows } = await sql<{ setting: string }>`select current_setting('synchronous_commit') as setting`.execute(trx);
          throw Object.assign(new Error("rolled back"), { setting: rows[0]?.setting });
        })
        .catch((error: { setting?: string }) => error.setting);
    expect(await settingAfter(read.version)).toBe("off");
    expect(await settingAfter("1.2.3")).toBe("on");
    // Rolled back: nothing written, and other statements still wait for the disk.
    expect((await findApplicantRequest(t.deps.db, id, owner.id))!.version).toBe(read.version);
    expect((await sql<{ setting: string }>`select current_setting('synchronous_commit') as setting`.execute(t.deps.db)).rows[0]?.setting).toBe("on");
  });

  it("reads a version's definition with its French keys intact", async () => {
    const definition = await findVersionDefinition(t.deps.db, version.versionId);
    expect(definition.étapes[1]!.champs[0]).toMatchObject({ id: "menage", sous_champs: expect.any(Array) });
  });

  const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, "0")}T10:00:00Z`);
  const provide = async (requestId: string, documentId: string, day: number, uploadedBy: string) => {
    const upload = await buildUpload(t.deps.db, { originalName: `${documentId}-${day}.pdf` });
    const row = await insertRequestDocument(t.deps.db, { requestId, documentId, uploadId: upload.id, uploadedBy, now: at(day) });
    return { id: row.id, upload };
  };

  it("writes a history line, shown to the applicant unless said otherwise, an empty reason stored as none", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    await insertEvent(t.deps.db, { requestId: request.id, occurredAt: at(5), actorId: request.applicant.id, event: "document.provided", reason: "", details: { "champ-modifié": "nom" } });
    await insertEvent(t.deps.db, { requestId: request.id, occurredAt: at(6), actorId: null, event: "message.internal_note", reason: "Pour l'équipe", visibleToApplicant: false });
    const rows = await t.deps.db
      .selectFrom("requestEvents")
      .select(["event", "actorId", "reason", "visibleToApplicant", "occurredAt", sql<string>`details::text`.as("details")])
      .where("requestId", "=", request.id)
      .where("event", "<>", "request.filed")
      .orderBy("occurredAt")
      .execute();
    expect(rows.map((row) => ({ ...row, details: JSON.parse(row.details) as unknown }))).toEqual([
      { event: "document.provided", actorId: request.applicant.id, reason: null, visibleToApplicant: true, occurredAt: at(5), details: { "champ-modifié": "nom" } },
      { event: "message.internal_note", actorId: null, reason: "Pour l'équipe", visibleToApplicant: false, occurredAt: at(6), details: {} },
    ]);
  });

  it("locks a request and reads its status and answers, keys as stored", async () => {
    const answers = { "nom-usage": "Martin", menage: [{ prénom: "Léa" }] };
    const request = await buildRequestRow(t.deps.db, { procedure: essai, answers, status: "in_instruction" });
    const locked = await expectRowLocked(t.deps.db, "requests", request.id, (trx) => lockRequestAnswers(trx, request.id));
    expect(locked).toEqual({ status: "in_instruction", answers });
    expect(await lockRequestAnswers(t.deps.db, randomUUID())).toBeUndefined();
  });

  it("reads what a request's PDF mails need", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai, filedAt: at(4) });
    expect(await findRequestForMail(t.deps.db, request.id)).toEqual({
      id: request.id,
      number: request.number,
      filedAt: at(4),
      applicantId: request.applicant.id,
      applicantEmail: request.applicant.email,
      procedureVersionId: essai.versionId,
    });
    expect(await findRequestForMail(t.deps.db, randomUUID())).toBeUndefined();
  });

  it("locks a request for its own applicant only", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    const stranger = await buildPerson(t.deps.db);
    expect(await expectRowLocked(t.deps.db, "requests", request.id, (trx) => lockOwnRequest(trx, request.id, request.applicant.id))).toEqual({ id: request.id });
    expect(await lockOwnRequest(t.deps.db, request.id, stranger.id)).toBeUndefined();
  });

  it("locks a request and reads its status", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai, status: "accepted" });
    expect(await expectRowLocked(t.deps.db, "requests", request.id, (trx) => lockRequest(trx, request.id))).toEqual({ id: request.id, status: "accepted" });
    expect(await lockRequest(t.deps.db, randomUUID())).toBeUndefined();
  });

  it("lists a request's files by document then oldest first, with their stored file's description", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    const other = await buildRequestRow(t.deps.db, { procedure: essai });
    const uploader = request.applicant.id;
    const late = await provide(request.id, "livret", 6, uploader);
    const budget = await provide(request.id, "budget", 7, uploader);
    const early = await provide(request.id, "livret", 5, uploader);
    await provide(other.id, "livret", 5, other.applicant.id);
    const documents = await listRequestDocuments(t.deps.db, request.id);
    expect(documents.map((document) => [document.id, document.documentId, document.originalName])).toEqual([
      [budget.id, "budget", "budget-7.pdf"],
      [early.id, "livret", "livret-5.pdf"],
      [late.id, "livret", "livret-6.pdf"],
    ]);
    expect(documents[0]).toMatchObject({ status: "provided", nonConformingReason: null, uploadId: budget.upload.id, storageKey: budget.upload.storageKey, detectedType: "pdf", size: 2048, createdAt: at(7) });
  });

  it("saves a stored file's description as given", async () => {
    const upload = { id: randomUUID(), storageKey: `ab/${"c".repeat(32)}`, originalName: "Relevé d'identité.pdf", detectedType: "pdf" as const, size: 123, sha256: "f".repeat(64), createdAt: at(3) };
    await insertUpload(t.deps.db, upload);
    expect(await t.deps.db.selectFrom("uploads").selectAll().where("id", "=", upload.id).executeTakeFirst()).toEqual(upload);
  });

  it("saves a provided file, provided and by whom", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    const upload = await buildUpload(t.deps.db);
    const { id } = await insertRequestDocument(t.deps.db, { requestId: request.id, documentId: "livret", uploadId: upload.id, uploadedBy: request.applicant.id, now: at(5) });
    const row = await t.deps.db.selectFrom("requestDocuments").select(["requestId", "documentId", "uploadId", "uploadedBy", "status", "createdAt"]).where("id", "=", id).executeTakeFirst();
    expect(row).toEqual({ requestId: request.id, documentId: "livret", uploadId: upload.id, uploadedBy: request.applicant.id, status: "provided", createdAt: at(5) });
  });

  it("finds a provided file by its upload's id, within its request only", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    const other = await buildRequestRow(t.deps.db, { procedure: essai });
    const provided = await provide(request.id, "livret", 5, request.applicant.id);
    expect(await findRequestDocumentByUpload(t.deps.db, request.id, provided.upload.id)).toEqual({
      id: provided.id,
      documentId: "livret",
      uploadId: provided.upload.id,
      storageKey: provided.upload.storageKey,
      originalName: "livret-5.pdf",
      detectedType: "pdf",
    });
    expect(await findRequestDocumentByUpload(t.deps.db, other.id, provided.upload.id)).toBeUndefined();
  });

  it("deletes a provided file's row and its upload's, and no other", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    const removed = await provide(request.id, "livret", 5, request.applicant.id);
    const kept = await provide(request.id, "livret", 6, request.applicant.id);
    await deleteRequestDocument(t.deps.db, removed.id, removed.upload.id);
    expect((await listRequestDocuments(t.deps.db, request.id)).map((document) => document.id)).toEqual([kept.id]);
    expect(await t.deps.db.selectFrom("uploads").select("id").where("id", "in", [removed.upload.id, kept.upload.id]).execute()).toEqual([{ id: kept.upload.id }]);
  });

  it("gives the applicant's history oldest first, the agents' internal lines left out", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai, filedAt: at(3) });
    await insertEvent(t.deps.db, { requestId: request.id, occurredAt: at(6), actorId: null, event: "request.accepted", reason: "Dossier complet" });
    await insertEvent(t.deps.db, { requestId: request.id, occurredAt: at(5), actorId: null, event: "message.internal_note", visibleToApplicant: false });
    await insertEvent(t.deps.db, { requestId: request.id, occurredAt: at(4), actorId: null, event: "request.taken" });
    expect((await listVisibleEvents(t.deps.db, request.id)).map((event) => [event.event, event.occurredAt, event.reason])).toEqual([
      ["request.filed", at(3), null],
      ["request.taken", at(4), null],
      ["request.accepted", at(6), "Dossier complet"],
    ]);
  });

  it("prints the applicant's name, nothing when there is no applicant", async () => {
    const person = await buildPerson(t.deps.db, { civility: "M.", firstName: "Marc", lastName: "Petit" });
    expect(await findApplicantName(t.deps.db, person.id)).toBe("M. Marc Petit");
    expect(await findApplicantName(t.deps.db, null)).toBe("");
    expect(await findApplicantName(t.deps.db, randomUUID())).toBe("");
  });
  it("locks a request for a status change, with its applicant and number, and throws for an unknown request", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    expect(await expectRowLocked(t.deps.db, "requests", request.id, (trx) => lockRequestForTransition(trx, request.id))).toEqual({
      id: request.id,
      status: "filed",
      applicantId: request.applicant.id,
      number: request.number,
    });
    await expect(lockRequestForTransition(t.deps.db, randomUUID())).rejects.toThrow();
  });

  it("writes a request's new status with the fields its transition sets, leaving the others and other requests", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    const other = await buildRequestRow(t.deps.db, { procedure: essai });
    const agent = await buildPerson(t.deps.db, { role: "agent" });
    const now = new Date("2026-03-05T10:00:00Z");
    await setRequestStatus(t.deps.db, { requestId: request.id, status: "in_instruction", now, takenAt: now, assignedAgentId: agent.id });
    const row = (id: string) =>
      t.deps.db.selectFrom("requests").select(["status", "updatedAt", "filedAt", "number", "takenAt", "assignedAgentId", "decidedAt"]).where("id", "=", id).executeTakeFirstOrThrow();
    const filedAt = new Date("2026-03-03T10:00:00Z");
    expect(await row(request.id)).toEqual({ status: "in_instruction", updatedAt: now, filedAt, number: request.number, takenAt: now, assignedAgentId: agent.id, decidedAt: null });
    expect(await row(other.id)).toEqual({ status: "filed", updatedAt: filedAt, filedAt, number: other.number, takenAt: null, assignedAgentId: null, decidedAt: null });
    await setRequestStatus(t.deps.db, { requestId: request.id, status: "accepted", now, decidedAt: now });
    expect(await row(request.id)).toMatchObject({ status: "accepted", decidedAt: now, takenAt: now, assignedAgentId: agent.id });
  });

  it("locks a request with its procedure and version, and nothing for an unknown request", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    expect(await expectRowLocked(t.deps.db, "requests", request.id, (trx) => lockRequestWithProcedure(trx, request.id))).toEqual({
      id: request.id,
      status: "filed",
      procedureId: essai.id,
      procedureVersionId: essai.versionId,
      number: request.number,
      applicantId: request.applicant.id,
      organisationId: null,
    });
    expect(await lockRequestWithProcedure(t.deps.db, randomUUID())).toBeUndefined();
  });

  it("finds the procedure a request belongs to, and none for an unknown request", async () => {
    const request = await buildRequestRow(t.deps.db, { procedure: essai });
    expect(await findRequestProcedureId(t.deps.db, request.id)).toBe(essai.id);
    expect(await findRequestProcedureId(t.deps.db, randomUUID())).toBeUndefined();
  });
});
