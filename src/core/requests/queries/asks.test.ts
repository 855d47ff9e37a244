import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/database.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { TestProcedure } from "../../../../test/instruction.ts";
import { buildPerson, buildRequestRow, buildUpload, expectRowLocked, publishedProcedure, type QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import {
  closeAsk,
  deleteUploadRow,
  findAsk,
  findProcedureSlug,
  findRequestAnswers,
  hasOpenAsk,
  insertAsk,
  listRequestAsks,
  lockOpenAsk,
  markNonConforming,
  saveOpenAnswer,
  unmarkNonConforming,
  updateRequestAnswers,
  type AskedDocument,
} from "./asks.ts";
import { insertRequestDocument } from "./requests.ts";

describe("the asks' queries", () => {
  const clock = fixedClock();
  let database: QueryTestDatabase;
  let db: Db;
  let essai: TestProcedure;
  let agent: { id: string };
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    essai = await publishedProcedure({ db, clock }, "essai");
    agent = await buildPerson(db, { role: "agent", firstName: "Lucie", lastName: "Bernard" });
  });
  afterAll(() => database.drop());

  const budget: AskedDocument = { id: "1", label: "Budget prévisionnel", documentId: "livret", reason: "Illisible", nonConformingFiles: ["x"], formats: ["pdf"], maxMb: 5 };
  const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, "0")}T10:00:00Z`);
  const ask = (requestId: string, kind: "modification" | "documents", day = 5, fields: { askedDocuments?: AskedDocument[]; unlockedSteps?: string[] } = {}) =>
    insertAsk(db, { requestId, kind, message: `Demande ${kind}`, askedBy: agent.id, now: at(day), ...fields });
  const provided = async (requestId: string) => {
    const upload = await buildUpload(db);
    const row = await insertRequestDocument(db, { requestId, documentId: "livret", uploadId: upload.id, uploadedBy: agent.id, now: clock.now() });
    return row.id;
  };
  const documentStatus = async (id: string) =>
    db.selectFrom("requestDocuments").select(["status", "nonConformingReason"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("lists a request's asks oldest first, with who asked and the asked documents as written", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const later = await ask(request.id, "documents", 6, { askedDocuments: [budget] });
    const earlier = await ask(request.id, "modification", 5, { unlockedSteps: ["general"] });
    await ask((await buildRequestRow(db, { procedure: essai })).id, "documents");
    const asks = await listRequestAsks(db, request.id);
    expect(asks.map((row) => [row.id, row.kind, row.agentLastName, row.unlockedSteps])).toEqual([
      [earlier.id, "modification", "Bernard", ["general"]],
      [later.id, "documents", "Bernard", []],
    ]);
    expect(asks[1]).toMatchObject({ askedDocuments: [budget], answer: {}, status: "open", message: "Demande documents" });
  });

  it("finds one ask of the request, whatever its status, and none of another request", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const other = await buildRequestRow(db, { procedure: essai });
    const { id } = await ask(request.id, "documents", 5, { askedDocuments: [budget] });
    await closeAsk(db, { askId: id, status: "cancelled", answer: null, now: at(6) });
    expect(await findAsk(db, request.id, id)).toMatchObject({ id, status: "cancelled", askedDocuments: [budget], answeredAt: at(6) });
    expect(await findAsk(db, other.id, id)).toBeUndefined();
  });

  it("locks the open ask of a kind, and finds none once it is closed", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const { id } = await ask(request.id, "modification");
    const locked = await expectRowLocked(db, "request_asks", id, (trx) => lockOpenAsk(trx, request.id, "modification"));
    expect(locked).toMatchObject({ id, kind: "modification", status: "open" });
    expect(await lockOpenAsk(db, request.id, "documents")).toBeUndefined();
    await closeAsk(db, { askId: id, status: "answered", answer: {}, now: at(6) });
    expect(await lockOpenAsk(db, request.id, "modification")).toBeUndefined();
  });

  it("saves a new ask open, and refuses a second open ask of the same kind", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const { id } = await ask(request.id, "documents", 5, { askedDocuments: [budget] });
    const row = await db.selectFrom("requestAsks").select(["status", "askedBy", "askedAt", "unlockedSteps"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "open", askedBy: agent.id, askedAt: at(5), unlockedSteps: [] });
    await expect(ask(request.id, "documents")).rejects.toThrow();
    await expect(ask(request.id, "modification")).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("keeps the applicant's answer in progress, field ids intact, only while the ask is open", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const { id } = await ask(request.id, "modification");
    const draft = { "nom-usage": "Martin", menage: [{ prénom: "Léa", sous_champ: true }] };
    expect(await saveOpenAnswer(db, id, { draft })).toBe(true);
    expect((await findAsk(db, request.id, id))?.answer).toEqual({ draft });
    await closeAsk(db, { askId: id, status: "cancelled", answer: null, now: at(6) });
    expect(await saveOpenAnswer(db, id, { draft: {} })).toBe(false);
  });

  it("closes an open ask once, with its answer and the date", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const { id } = await ask(request.id, "modification");
    const answer = { changes: [{ stepId: "general", stepTitle: "Informations générales", fieldId: "nom-usage", label: "Nom", before: "A", after: "B" }] };
    expect(await closeAsk(db, { askId: id, status: "answered", answer, now: at(7) })).toBe(true);
    expect(await findAsk(db, request.id, id)).toMatchObject({ status: "answered", answeredAt: at(7), answer });
    expect(await closeAsk(db, { askId: id, status: "cancelled", answer: null, now: at(8) })).toBe(false);
    expect(await findAsk(db, request.id, id)).toMatchObject({ status: "answered", answeredAt: at(7) });
  });

  it("replaces a filed request's answers, keys intact", async () => {
    const request = await buildRequestRow(db, { procedure: essai, answers: { commune: "69123" } });
    const other = await buildRequestRow(db, { procedure: essai, answers: { commune: "75056" } });
    const answers = { commune: "66074", "nom-usage": "Martin" };
    await updateRequestAnswers(db, { requestId: request.id, answers, now: at(9) });
    expect(await findRequestAnswers(db, request.id)).toEqual(answers);
    expect(await findRequestAnswers(db, other.id)).toEqual({ commune: "75056" });
    expect((await db.selectFrom("requests").select("updatedAt").where("id", "=", request.id).executeTakeFirstOrThrow()).updatedAt).toEqual(at(9));
  });

  it("marks provided files non-conforming with the reason, only the request's own", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const other = await buildRequestRow(db, { procedure: essai });
    const marked = await provided(request.id);
    const kept = await provided(request.id);
    const foreign = await provided(other.id);
    await markNonConforming(db, request.id, [
      { requestDocumentId: marked, reason: "Illisible" },
      { requestDocumentId: foreign, reason: "Pas le sien" },
    ]);
    expect(await documentStatus(marked)).toEqual({ status: "non_conforming", nonConformingReason: "Illisible" });
    expect(await documentStatus(kept)).toEqual({ status: "provided", nonConformingReason: null });
    expect(await documentStatus(foreign)).toEqual({ status: "provided", nonConformingReason: null });
  });

  it("makes marked files provided again, without their reason, only the request's own", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const other = await buildRequestRow(db, { procedure: essai });
    const marked = await provided(request.id);
    const foreign = await provided(other.id);
    await markNonConforming(db, request.id, [{ requestDocumentId: marked, reason: "Illisible" }]);
    await markNonConforming(db, other.id, [{ requestDocumentId: foreign, reason: "Flou" }]);
    await unmarkNonConforming(db, request.id, []);
    expect(await documentStatus(marked)).toEqual({ status: "non_conforming", nonConformingReason: "Illisible" });
    await unmarkNonConforming(db, request.id, [marked, foreign]);
    expect(await documentStatus(marked)).toEqual({ status: "provided", nonConformingReason: null });
    expect(await documentStatus(foreign)).toEqual({ status: "non_conforming", nonConformingReason: "Flou" });
  });

  it("deletes an upload's row and says where its bytes are", async () => {
    const upload = await buildUpload(db);
    const kept = await buildUpload(db);
    expect(await deleteUploadRow(db, upload.id)).toEqual({ storageKey: upload.storageKey });
    expect(await deleteUploadRow(db, upload.id)).toBeUndefined();
    const left = await db.selectFrom("uploads").select("id").where("id", "in", [upload.id, kept.id]).execute();
    expect(left).toEqual([{ id: kept.id }]);
  });

  it("reads a request's stored answers with their keys as stored", async () => {
    const answers = { "nom-usage": "Martin", menage: [{ prénom: "Léa", sous_champ: true }] };
    const request = await buildRequestRow(db, { procedure: essai, answers });
    expect(await findRequestAnswers(db, request.id)).toEqual(answers);
  });

  it("finds a procedure's slug by its id", async () => {
    const other = await publishedProcedure({ db, clock }, "autre-slug");
    expect(await findProcedureSlug(db, essai.id)).toBe("essai");
    expect(await findProcedureSlug(db, other.id)).toBe("autre-slug");
  });
  it("tells whether an ask of the request waits for the applicant, and no longer once it is closed", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const other = await buildRequestRow(db, { procedure: essai });
    expect(await hasOpenAsk(db, request.id)).toBe(false);
    const { id } = await ask(request.id, "documents");
    expect(await hasOpenAsk(db, request.id)).toBe(true);
    expect(await hasOpenAsk(db, other.id)).toBe(false);
    await closeAsk(db, { askId: id, status: "cancelled", answer: null, now: at(7) });
    expect(await hasOpenAsk(db, request.id)).toBe(false);
  });
});
