import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import { compiledOnce } from "../../../platform/db/compiled-once.ts";
import { civilIdentityOf } from "../../accounts/civil-identity.ts";
import type { RequestStatus } from "../../../platform/db/schema.ts";
import type { UploadRecord } from "../../../platform/uploads/uploads.ts";
import type { ProcedureDefinition } from "../../procedures/definition/schema.ts";
import type { Answers } from "../../procedures/answers/values.ts";
import type { RequestEventType } from "../event-types.ts";

/**
 * Definitions and answers are jsonb read as text and parsed here: the CamelCasePlugin would
 * otherwise rename the keys inside them ("sous_champs" → "sousChamps", field ids with dashes).
 */
const parseAnswers = (text: string) => JSON.parse(text) as Answers;

// Published versions are never altered, so a parsed definition can be kept by version id: saving
// a draft step then costs no JSON parse of the whole definition.
const definitions = new Map<string, ProcedureDefinition>();
const DEFINITIONS_KEPT = 200;

/** The definition of one procedure version (cached: versions never change once loaded). */
export async function findVersionDefinition(db: Db, versionId: string): Promise<ProcedureDefinition> {
  const cached = definitions.get(versionId);
  if (cached) return cached;
  const row = await db
    .selectFrom("procedureVersions")
    .select(sql<string>`definition::text`.as("definitionText"))
    .where("id", "=", versionId)
    .executeTakeFirstOrThrow();
  const definition = JSON.parse(row.definitionText) as ProcedureDefinition;
  if (definitions.size >= DEFINITIONS_KEPT) definitions.delete(definitions.keys().next().value!);
  definitions.set(versionId, definition);
  return definition;
}

/**
 * What a request was read as: the row's version and its applicant's account's (PostgreSQL's
 * `xmin`, the transaction that wrote each row version; any write of either row moves it), then the
 * request's `updated_at`, e.g. "10452.977.1796634000.123456". A step saved `where` it still holds
 * changes nothing else anyone wrote since — the answers, the status, the applicant, their civil
 * identity (the fields locked to it) — and a draft kept in memory between saves (kept-drafts.ts)
 * is exactly the database's while it holds.
 *
 * `updated_at` is there for the saves whose commit does not wait for the disk
 * (updateDraftAnswersIfUnchanged): should the database server crash, the last of them may be gone
 * and their transaction numbers handed out again, so an xmin alone could match a row version that
 * is not the one saved; the time each save wrote (to the microsecond) tells them apart.
 */
const ROW_VERSION = sql<string>`requests.xmin::text || '.' || (select a.xmin::text from accounts a where a.id = requests.applicant_id) || '.' || extract(epoch from requests.updated_at)::text`;

// Every page of a request and every step saved read it: compiled once (platform/db/compiled-once.ts).
const applicantRequest = compiledOnce(2, (db: Db, requestId: string, accountId: string) =>
  db
    .selectFrom("requests")
    .innerJoin("procedures", "procedures.id", "requests.procedureId")
    // The applicant's civil identity comes along: saving a step with fields locked to it reads it.
    .innerJoin("accounts", "accounts.id", "requests.applicantId")
    .select([
      "accounts.civility",
      "accounts.lastName",
      "accounts.firstName",
      "accounts.email",
      "accounts.birthDate",
      "accounts.birthCommuneCode",
      "accounts.birthCountryCode",
      "accounts.sex",
      "accounts.nir",
      "accounts.identityVerifiedAt",
    ])
    .select([
      "requests.id",
      "requests.status",
      "requests.number",
      sql<string>`requests.answers::text`.as("answersText"),
      "requests.currentStep",
      "requests.applicantId",
      "requests.applicantEmail",
      "requests.organisationId",
      "requests.procedureId",
      "requests.procedureVersionId",
      "requests.createdAt",
      "requests.updatedAt",
      "requests.filedAt",
      "requests.takenAt",
      "requests.decidedAt",
      "requests.validUntil",
      "requests.renewedAt",
      "requests.answersVersion",
      "procedures.slug",
      ROW_VERSION.as("version"),
    ])
    .where("requests.id", "=", requestId)
    .where("requests.applicantId", "=", accountId),
);

/** A request as its applicant reaches it; undefined when it is not theirs (the route answers 404). */
export async function findApplicantRequest(db: Db, requestId: string, accountId: string) {
  const [row] = await applicantRequest(db, requestId, accountId);
  if (!row) return undefined;
  const { answersText, civility, lastName, firstName, email, birthDate, birthCommuneCode, birthCountryCode, sex, nir, identityVerifiedAt, ...rest } = row;
  const applicantIdentity = civilIdentityOf({ civility, lastName, firstName, email, birthDate, birthCommuneCode, birthCountryCode, sex, nir, identityVerifiedAt });
  return { ...rest, answers: parseAnswers(answersText), applicantIdentity };
}
export type ApplicantRequest = NonNullable<Awaited<ReturnType<typeof findApplicantRequest>>>;

export async function insertDraft(
  db: Db,
  draft: { procedureId: string; procedureVersionId: string; applicantId: string; organisationId: string | null; applicantEmail: string; currentStep: string; now: Date; answers?: Answers },
) {
  return db
    .insertInto("requests")
    .values({
      procedureId: draft.procedureId,
      procedureVersionId: draft.procedureVersionId,
      applicantId: draft.applicantId,
      organisationId: draft.organisationId,
      applicantEmail: draft.applicantEmail,
      status: "draft",
      answers: JSON.stringify(draft.answers ?? {}),
      currentStep: draft.currentStep,
      createdAt: draft.now,
      updatedAt: draft.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** One line of the request's history (request_events), shown to the applicant unless said otherwise. */
export async function insertEvent(
  db: Db,
  event: {
    requestId: string;
    occurredAt: Date;
    actorId: string | null;
    event: RequestEventType;
    reason?: string | null;
    details?: Record<string, unknown>;
    visibleToApplicant?: boolean;
    /** A status change (the state machine's events). */
    fromStatus?: RequestStatus;
    toStatus?: RequestStatus;
  },
) {
  await db
    .insertInto("requestEvents")
    .values({
      requestId: event.requestId,
      occurredAt: event.occurredAt,
      actorId: event.actorId,
      event: event.event,
      reason: event.reason || null,
      details: JSON.stringify(event.details ?? {}),
      ...(event.visibleToApplicant === undefined ? {} : { visibleToApplicant: event.visibleToApplicant }),
      ...(event.fromStatus === undefined ? {} : { fromStatus: event.fromStatus, toStatus: event.toStatus ?? null }),
    })
    .execute();
}

/** Saves a draft's answers, only while it is still a draft (a second tab may have filed it). */
export async function updateDraftAnswers(db: Db, input: { requestId: string; answers: Answers; currentStep: string; now: Date }) {
  const result = await db
    .updateTable("requests")
    .set({ answers: JSON.stringify(input.answers), currentStep: input.currentStep, updatedAt: input.now })
    .where("id", "=", input.requestId)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Every step saved: compiled once (platform/db/compiled-once.ts).
const draftAnswersIfUnchanged = compiledOnce(6, (db: Db, requestId: string, applicantId: string, version: string, answers: string, currentStep: string, now: Date) =>
  db
    .updateTable("requests")
    .set({ answers, currentStep, updatedAt: now })
    .where("id", "=", requestId)
    .where("applicantId", "=", applicantId)
    .where("status", "=", "draft")
    .where(sql<boolean>`${ROW_VERSION} = ${version}`)
    // Evaluated only when the row is written: this statement's commit does not wait for the disk.
    .returning([ROW_VERSION.as("version"), "updatedAt", sql<string>`set_config('synchronous_commit', 'off', true)`.as("synchronousCommit")]),
);

/**
 * Saves a draft's answers only if it is still `applicantId`'s and the request and its applicant
 * are still as read at `version` (ROW_VERSION): one statement instead of a locked read and a write
 * in a transaction. Returns the request's new version and time, or undefined when anything wrote
 * either row since (another save, another process, a status or identity change): nothing is
 * written then. Run alone, not inside a transaction: one that writes the request again would carry
 * the same xmin, and the whole of it would commit without waiting for the disk.
 *
 * The commit does not wait for the write-ahead log to reach the disk (`synchronous_commit = off`
 * for this transaction only; ARCHITECTURE.md « Drafts kept between their saves »): the save is
 * seen by everyone at once, and reaches the disk within a fraction of a second (wal_writer_delay).
 * Only a crash of the database server itself in that fraction can lose it — the draft is then as
 * its previous save left it. Every other write, the filing included, still waits for the disk,
 * and with it for every save committed before it. The wait cost the draft's save 5–9 % of its
 * throughput (bench/README.md « 7 décembre, fin de nuit »).
 */
export async function updateDraftAnswersIfUnchanged(
  db: Db,
  input: { requestId: string; applicantId: string; version: string; answers: Answers; currentStep: string; now: Date },
): Promise<{ version: string; updatedAt: Date } | undefined> {
  const [updated] = await draftAnswersIfUnchanged(db, input.requestId, input.applicantId, input.version, JSON.stringify(input.answers), input.currentStep, input.now);
  return updated && { version: updated.version, updatedAt: updated.updatedAt };
}

/** A request's status and stored answers, its row locked until the transaction ends (saving a step). */
export async function lockRequestAnswers(db: Db, requestId: string): Promise<{ status: RequestStatus; answers: Answers } | undefined> {
  const row = await db.selectFrom("requests").select(["status", sql<string>`answers::text`.as("answersText")]).where("id", "=", requestId).forUpdate().executeTakeFirst();
  return row ? { status: row.status, answers: JSON.parse(row.answersText) as Answers } : undefined;
}

/** What the PDF mails of a request read (the jobs behind the receipt and the contribution summary). */
export async function findRequestForMail(db: Db, requestId: string) {
  return db.selectFrom("requests").select(["id", "number", "filedAt", "applicantId", "applicantEmail", "procedureVersionId"]).where("id", "=", requestId).executeTakeFirst();
}

/** The request locked for the caller's transaction, if it is still this account's. */
export async function lockOwnRequest(db: Db, requestId: string, accountId: string) {
  return db.selectFrom("requests").select("id").where("id", "=", requestId).where("applicantId", "=", accountId).forUpdate().executeTakeFirst();
}

export async function lockRequest(db: Db, requestId: string) {
  return db.selectFrom("requests").select(["id", "status"]).where("id", "=", requestId).forUpdate().executeTakeFirst();
}

/** The files provided for a request, by document then oldest first, with their stored file's description (applicant's and agents' pages). */
export async function listRequestDocuments(db: Db, requestId: string) {
  return db
    .selectFrom("requestDocuments")
    .innerJoin("uploads", "uploads.id", "requestDocuments.uploadId")
    .select([
      "requestDocuments.id",
      "requestDocuments.documentId",
      "requestDocuments.status",
      "requestDocuments.nonConformingReason",
      "requestDocuments.createdAt",
      "uploads.id as uploadId",
      "uploads.originalName",
      "uploads.detectedType",
      "uploads.size",
      "uploads.storageKey",
    ])
    .where("requestDocuments.requestId", "=", requestId)
    .orderBy("requestDocuments.documentId")
    .orderBy("requestDocuments.createdAt")
    .orderBy("requestDocuments.id")
    .execute();
}
export type ProvidedDocument = Awaited<ReturnType<typeof listRequestDocuments>>[number];

export async function insertUpload(db: Db, upload: UploadRecord) {
  await db.insertInto("uploads").values(upload).execute();
}

export async function insertRequestDocument(db: Db, row: { requestId: string; documentId: string; uploadId: string; uploadedBy: string; now: Date }) {
  return db
    .insertInto("requestDocuments")
    .values({ requestId: row.requestId, documentId: row.documentId, uploadId: row.uploadId, uploadedBy: row.uploadedBy, createdAt: row.now })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** One provided file of a request, by its upload's id (what download links name). */
export async function findRequestDocumentByUpload(db: Db, requestId: string, uploadId: string) {
  return db
    .selectFrom("requestDocuments")
    .innerJoin("uploads", "uploads.id", "requestDocuments.uploadId")
    .select(["requestDocuments.id", "requestDocuments.documentId", "uploads.id as uploadId", "uploads.storageKey", "uploads.originalName", "uploads.detectedType"])
    .where("requestDocuments.requestId", "=", requestId)
    .where("uploads.id", "=", uploadId)
    .executeTakeFirst();
}

/** Removes a provided file's row and its upload row; the caller deletes the bytes after commit. */
export async function deleteRequestDocument(db: Db, requestDocumentId: string, uploadId: string) {
  await db.deleteFrom("requestDocuments").where("id", "=", requestDocumentId).execute();
  await db.deleteFrom("uploads").where("id", "=", uploadId).execute();
}

/** Whether the service asked the applicant something still unanswered. */
const hasOpenAsk = sql<boolean>`exists (select 1 from request_asks where request_asks.request_id = requests.id and request_asks.status = 'open')`.as("hasOpenAsk");
/** The next unpaid payment of the schedule needs the applicant's documents (see paymentAwaitingDocuments). */
const paymentAwaitsDocuments = sql<boolean>`exists (select 1 from request_payments p where p.request_id = requests.id and p.status = 'planned' and p.documents_required
  and not exists (select 1 from request_payments e where e.request_id = p.request_id and e.position < p.position and e.status <> 'paid'))`.as("paymentAwaitsDocuments");

/** "Mes demandes": the person's requests, newest first, with their procedure's title. */
export async function listApplicantRequests(db: Db, accountId: string) {
  return db
    .selectFrom("requests")
    .innerJoin("procedureVersions", "procedureVersions.id", "requests.procedureVersionId")
    .select([
      "requests.id",
      "requests.status",
      "requests.number",
      "requests.currentStep",
      "requests.createdAt",
      "requests.filedAt",
      "requests.takenAt",
      "requests.decidedAt",
      "requests.validUntil",
      "requests.renewedAt",
      "requests.remindedMonthAt",
      "requests.procedureVersionId",
      hasOpenAsk,
      paymentAwaitsDocuments,
      sql<string>`procedure_versions.definition ->> 'titre'`.as("title"),
    ])
    .where("requests.applicantId", "=", accountId)
    .orderBy("requests.createdAt", "desc")
    .limit(500)
    .execute();
}
export type ApplicantRequestSummary = Awaited<ReturnType<typeof listApplicantRequests>>[number];

/**
 * What `waitingReasons` reads of each of the applicant's requests, for the dashboard's count of
 * those waiting for them: the same requests as `listApplicantRequests`, without their procedure's
 * title (its definition's JSON read for every row) nor the columns the list shows. Read at every
 * visit of the dashboard: compiled once.
 */
export const listApplicantWaitingStates = compiledOnce(1, (db: Db, accountId: string) =>
  db
    .selectFrom("requests")
    .select([
      "requests.status",
      "requests.validUntil",
      "requests.remindedMonthAt",
      hasOpenAsk,
      paymentAwaitsDocuments,
    ])
    .where("requests.applicantId", "=", accountId)
    .orderBy("requests.createdAt", "desc")
    .limit(500),
);

/** The history the applicant sees (agents' internal events are left out), oldest first. */
export async function listVisibleEvents(db: Db, requestId: string) {
  return db
    .selectFrom("requestEvents")
    .select(["id", "occurredAt", "event", "fromStatus", "toStatus", "reason"])
    .where("requestId", "=", requestId)
    .where("visibleToApplicant", "=", true)
    .orderBy("occurredAt")
    .orderBy("id")
    .execute();
}

/** The applicant's name as printed on the PDFs. */
export async function findApplicantName(db: Db, accountId: string | null) {
  if (!accountId) return "";
  const row = await db.selectFrom("accounts").select(["civility", "firstName", "lastName"]).where("id", "=", accountId).executeTakeFirst();
  return row ? `${row.civility} ${row.firstName} ${row.lastName}` : "";
}

/** The request locked for a status change, with what the state machine and its audit need. */
export async function lockRequestForTransition(db: Db, requestId: string) {
  return db.selectFrom("requests").select(["id", "status", "applicantId", "number"]).where("id", "=", requestId).forUpdate().executeTakeFirstOrThrow();
}

/** Writes a request's new status and the dates and fields its transition sets. */
export async function setRequestStatus(
  db: Db,
  change: { requestId: string; status: RequestStatus; now: Date; filedAt?: Date; number?: string | null; takenAt?: Date; assignedAgentId?: string | null; decidedAt?: Date },
) {
  const { requestId, status, now, ...dates } = change;
  await db.updateTable("requests").set({ status, updatedAt: now, ...dates }).where("id", "=", requestId).execute();
}

/** The request locked, with its procedure and version (the asks check who may act on it). */
export async function lockRequestWithProcedure(db: Db, requestId: string) {
  return db
    .selectFrom("requests")
    .select(["id", "status", "procedureId", "procedureVersionId", "number", "applicantId", "organisationId"])
    .where("id", "=", requestId)
    .forUpdate()
    .executeTakeFirst();
}

/** The procedure a request belongs to, or undefined for an unknown request. */
export async function findRequestProcedureId(db: Db, requestId: string): Promise<string | undefined> {
  const row = await db.selectFrom("requests").select("procedureId").where("id", "=", requestId).executeTakeFirst();
  return row?.procedureId;
}
