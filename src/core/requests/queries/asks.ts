import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { RequestAskKind } from "../../../platform/db/schema.ts";
import type { FileTypeName } from "../../../platform/uploads/file-types.ts";
import type { Answers } from "../../procedures/answers/values.ts";
import { insertEvent } from "./requests.ts";

/*
 * request_asks: what an agent asks of the applicant. `asked_documents` and `answer` are jsonb
 * read as text and parsed here (the CamelCasePlugin would rename the field ids inside them).
 */

/** One document asked for ("Budget prévisionnel de la structure"), with what a file may be. */
export interface AskedDocument {
  /** Its key within the ask ("1", "2"…): what the upload addresses name. */
  id: string;
  label: string;
  hint?: string;
  /** The procedure's document, when the agent asked again for one of them. */
  documentId?: string;
  /** Why the files provided before were judged non-conforming. */
  reason?: string;
  /** Those files (request_documents ids): cancelling the ask makes them provided again. */
  nonConformingFiles?: string[];
  formats: FileTypeName[];
  maxMb: number;
}

/** One field the applicant changed in a contribution, as words (what the PDF and the agent read). */
export interface ModificationChange {
  stepId: string;
  stepTitle: string;
  fieldId: string;
  label: string;
  before: string;
  after: string;
}

/** A file the applicant added to their answer to a documents ask. */
export interface AnswerFile {
  itemId: string;
  uploadId: string;
  originalName: string;
  detectedType: FileTypeName;
  size: number;
}

/**
 * The `answer` column: while a modification ask is open it holds the applicant's edits not yet
 * sent (`draft`); while a documents ask is open, the files added so far (`files`). Once answered:
 * the changes (before / after) or the files sent.
 */
export interface AskAnswer {
  draft?: Answers;
  changes?: ModificationChange[];
  files?: AnswerFile[];
}

const askColumns = [
  "requestAsks.id",
  "requestAsks.requestId",
  "requestAsks.kind",
  "requestAsks.message",
  "requestAsks.unlockedSteps",
  "requestAsks.status",
  "requestAsks.askedBy",
  "requestAsks.askedAt",
  "requestAsks.answeredAt",
  sql<string>`request_asks.asked_documents::text`.as("askedDocumentsText"),
  sql<string | null>`request_asks.answer::text`.as("answerText"),
] as const;

function parseAsk<T extends { askedDocumentsText: string; answerText: string | null }>(row: T) {
  const { askedDocumentsText, answerText, ...rest } = row;
  return { ...rest, askedDocuments: JSON.parse(askedDocumentsText) as AskedDocument[], answer: (answerText ? JSON.parse(answerText) : {}) as AskAnswer };
}

/** Every ask of a request, oldest first, with who asked. */
export async function listRequestAsks(db: Db, requestId: string) {
  const rows = await db
    .selectFrom("requestAsks")
    .leftJoin("accounts as agent", "agent.id", "requestAsks.askedBy")
    .select([...askColumns, "agent.firstName as agentFirstName", "agent.lastName as agentLastName"])
    .where("requestAsks.requestId", "=", requestId)
    .orderBy("requestAsks.askedAt")
    .orderBy("requestAsks.id")
    .execute();
  return rows.map(parseAsk);
}
export type RequestAsk = Awaited<ReturnType<typeof listRequestAsks>>[number];

/** One ask of a request (any status), or undefined. */
export async function findAsk(db: Db, requestId: string, askId: string) {
  const row = await db.selectFrom("requestAsks").select(askColumns).where("requestAsks.requestId", "=", requestId).where("requestAsks.id", "=", askId).executeTakeFirst();
  return row ? parseAsk(row) : undefined;
}

/** The open ask of a kind, locked for the caller's transaction (at most one: a unique index). */
export async function lockOpenAsk(db: Db, requestId: string, kind: RequestAskKind) {
  const row = await db
    .selectFrom("requestAsks")
    .select(askColumns)
    .where("requestAsks.requestId", "=", requestId)
    .where("requestAsks.kind", "=", kind)
    .where("requestAsks.status", "=", "open")
    .forUpdate()
    .executeTakeFirst();
  return row ? parseAsk(row) : undefined;
}
export type OpenAsk = NonNullable<Awaited<ReturnType<typeof lockOpenAsk>>>;

export async function insertAsk(
  db: Db,
  ask: { requestId: string; kind: RequestAskKind; message: string; unlockedSteps?: string[]; askedDocuments?: AskedDocument[]; askedBy: string; now: Date },
) {
  return db
    .insertInto("requestAsks")
    .values({
      requestId: ask.requestId,
      kind: ask.kind,
      message: ask.message,
      unlockedSteps: ask.unlockedSteps ?? [],
      askedDocuments: JSON.stringify(ask.askedDocuments ?? []),
      askedBy: ask.askedBy,
      askedAt: ask.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Keeps what the applicant prepared for an open ask (edits or files not yet sent). */
export async function saveOpenAnswer(db: Db, askId: string, answer: AskAnswer) {
  const result = await db.updateTable("requestAsks").set({ answer: JSON.stringify(answer) }).where("id", "=", askId).where("status", "=", "open").executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Closes an open ask: answered (with its answer) or cancelled by an agent. */
export async function closeAsk(db: Db, input: { askId: string; status: "answered" | "cancelled"; answer: AskAnswer | null; now: Date }) {
  const result = await db
    .updateTable("requestAsks")
    .set({ status: input.status, answeredAt: input.now, answer: input.answer ? JSON.stringify(input.answer) : null })
    .where("id", "=", input.askId)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces a filed request's answers (a contribution for modification, sent). */
export async function updateRequestAnswers(db: Db, input: { requestId: string; answers: Answers; now: Date }) {
  // A contribution moves the answers' version on too: an update page read before it is refused (issue 12).
  await db.updateTable("requests").set({ answers: JSON.stringify(input.answers), answersVersion: sql<number>`answers_version + 1`, updatedAt: input.now }).where("id", "=", input.requestId).execute();
}

/** Marks provided files non-conforming, with the agent's reason. */
export async function markNonConforming(db: Db, requestId: string, marks: { requestDocumentId: string; reason: string }[]) {
  for (const mark of marks) {
    await db
      .updateTable("requestDocuments")
      .set({ status: "non_conforming", nonConformingReason: mark.reason })
      .where("id", "=", mark.requestDocumentId)
      .where("requestId", "=", requestId)
      .execute();
  }
}

/**
 * Takes back the marks of a cancelled documents ask: its files are provided again, without a
 * reason (a file is marked by one ask at most: only a provided one can be).
 */
export async function unmarkNonConforming(db: Db, requestId: string, requestDocumentIds: string[]) {
  if (requestDocumentIds.length === 0) return;
  await db
    .updateTable("requestDocuments")
    .set({ status: "provided", nonConformingReason: null })
    .where("id", "in", requestDocumentIds)
    .where("requestId", "=", requestId)
    .where("status", "=", "non_conforming")
    .execute();
}

/** Deletes the row of a file taken back before an answer was sent; returns where its bytes are. */
export async function deleteUploadRow(db: Db, uploadId: string) {
  return db.deleteFrom("uploads").where("id", "=", uploadId).returning("storageKey").executeTakeFirst();
}

/** The request's stored answers. */
export async function findRequestAnswers(db: Db, requestId: string): Promise<Answers> {
  const row = await db.selectFrom("requests").select(sql<string>`answers::text`.as("answersText")).where("id", "=", requestId).executeTakeFirstOrThrow();
  return JSON.parse(row.answersText) as Answers;
}

/** One line of the request's history for the loop, with its why (the agent's message, a reason). */
export const insertAskEvent = insertEvent;

export async function findProcedureSlug(db: Db, procedureId: string): Promise<string> {
  const row = await db.selectFrom("procedures").select("slug").where("id", "=", procedureId).executeTakeFirstOrThrow();
  return row.slug;
}

/** Whether an ask waits for the applicant's answer (a decision must wait for it). */
export async function hasOpenAsk(db: Db, requestId: string): Promise<boolean> {
  const open = await db.selectFrom("requestAsks").select("id").where("requestId", "=", requestId).where("status", "=", "open").executeTakeFirst();
  return open !== undefined;
}
