import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";

/** The procedure's title, from the version the request was filed under. */
const procedureTitle = sql<string>`procedure_versions.definition ->> 'titre'`;

/**
 * A request as the thread needs it: who its applicant is, which procedure's agents may read it,
 * where its mails go, and who has it in charge. Undefined when it does not exist.
 */
export async function findThreadRequest(db: Db, requestId: string) {
  return db
    .selectFrom("requests")
    .innerJoin("procedures", "procedures.id", "requests.procedureId")
    .innerJoin("procedureVersions", "procedureVersions.id", "requests.procedureVersionId")
    .leftJoin("accounts as applicant", "applicant.id", "requests.applicantId")
    .select([
      "requests.id",
      "requests.status",
      "requests.number",
      "requests.procedureId",
      "requests.applicantId",
      "requests.applicantEmail",
      "requests.assignedAgentId",
      "procedures.slug",
      procedureTitle.as("title"),
      "applicant.email as applicantAccountEmail",
      "applicant.civility as applicantCivility",
      "applicant.firstName as applicantFirstName",
      "applicant.lastName as applicantLastName",
    ])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
}
export type ThreadRequest = NonNullable<Awaited<ReturnType<typeof findThreadRequest>>>;

/** Locks the request row for the length of the caller's transaction and reads its status again. */
export async function lockThreadRequest(db: Db, requestId: string) {
  return db.selectFrom("requests").select(["id", "status", "assignedAgentId"]).where("id", "=", requestId).forUpdate().executeTakeFirst();
}

/**
 * A request's messages, oldest first, with their author and attachment. Internal notes only when
 * asked (`withNotes`, the agents' page): the applicant's queries never select them.
 */
export async function listThread(db: Db, requestId: string, options: { withNotes: boolean }) {
  let query = db
    .selectFrom("requestMessages")
    .leftJoin("accounts as author", "author.id", "requestMessages.authorId")
    .leftJoin("uploads", "uploads.id", "requestMessages.uploadId")
    .select([
      "requestMessages.id",
      "requestMessages.authorId",
      "requestMessages.body",
      "requestMessages.internal",
      "requestMessages.createdAt",
      "author.role as authorRole",
      "author.civility as authorCivility",
      "author.firstName as authorFirstName",
      "author.lastName as authorLastName",
      "uploads.id as uploadId",
      "uploads.originalName as attachmentName",
      "uploads.detectedType as attachmentType",
      "uploads.size as attachmentSize",
    ])
    .where("requestMessages.requestId", "=", requestId);
  if (!options.withNotes) query = query.where("requestMessages.internal", "=", false);
  return query.orderBy("requestMessages.createdAt").orderBy("requestMessages.id").execute();
}
export type ThreadMessage = Awaited<ReturnType<typeof listThread>>[number];

/**
 * How many messages the applicant sees on each of these requests (notes left out), for the
 * « Messagerie (3) » links of Mes demandes; requests without messages are absent from the map.
 */
export async function countVisibleMessages(db: Db, requestIds: readonly string[]): Promise<Map<string, number>> {
  // Guard against an `in ()` that PostgreSQL refuses.
  if (requestIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("requestMessages")
    .select(["requestId", (eb) => eb.fn.countAll<string>().as("count")])
    .where("requestId", "in", requestIds)
    .where("internal", "=", false)
    .groupBy("requestId")
    .execute();
  return new Map(rows.map((row) => [row.requestId, Number(row.count)]));
}

/**
 * The file attached to one of a request's messages, by its upload id (what download links name);
 * a note's attachment only when `withNotes`. Undefined otherwise, so the route answers 404.
 */
export async function findMessageAttachment(db: Db, requestId: string, uploadId: string, options: { withNotes: boolean }) {
  let query = db
    .selectFrom("requestMessages")
    .innerJoin("uploads", "uploads.id", "requestMessages.uploadId")
    .select(["uploads.id", "uploads.storageKey", "uploads.originalName", "uploads.detectedType"])
    .where("requestMessages.requestId", "=", requestId)
    .where("uploads.id", "=", uploadId);
  if (!options.withNotes) query = query.where("requestMessages.internal", "=", false);
  return query.executeTakeFirst();
}

export async function insertMessage(db: Db, message: { requestId: string; authorId: string; body: string; internal: boolean; uploadId: string | null; createdAt: Date }) {
  return db.insertInto("requestMessages").values(message).returning("id").executeTakeFirstOrThrow();
}

/** Where to tell an agent that the applicant wrote: their address, if they still process the procedure. */
export async function findAttachedAgentContact(db: Db, agentId: string, procedureId: string) {
  return db
    .selectFrom("procedureAgents")
    .innerJoin("accounts", "accounts.id", "procedureAgents.accountId")
    .select(["accounts.email", "accounts.civility", "accounts.lastName"])
    .where("procedureAgents.accountId", "=", agentId)
    .where("procedureAgents.procedureId", "=", procedureId)
    .where("accounts.role", "=", "agent")
    .where("accounts.status", "=", "active")
    .executeTakeFirst();
}
