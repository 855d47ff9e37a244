import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { Answers } from "../../procedures/answers/values.ts";

/** Sets a request's validity (at filing, at renewal); the reminders of the previous validity are forgotten. */
export async function setRequestValidity(db: Db, input: { requestId: string; validUntil: Date; renewedAt: Date | null; now: Date }) {
  await db
    .updateTable("requests")
    .set({ validUntil: input.validUntil, ...(input.renewedAt ? { renewedAt: input.renewedAt } : {}), remindedMonthAt: null, remindedWeekAt: null, updatedAt: input.now })
    .where("id", "=", input.requestId)
    .execute();
}

/** The running requests whose validity ends before `horizon` (a reminder or the expiry may be due), oldest end first. */
export async function listValidityDue(db: Db, input: { horizon: Date; limit: number }) {
  return db
    .selectFrom("requests")
    .select(["id"])
    .where("validUntil", "is not", null)
    .where("validUntil", "<=", input.horizon)
    .where("status", "in", ["filed", "in_instruction"])
    .orderBy("validUntil")
    .limit(input.limit)
    .execute();
}

/** The request locked, with its validity and reminders (the job checks them again under the lock). */
export async function lockRequestValidity(db: Db, requestId: string) {
  return db
    .selectFrom("requests")
    .select(["id", "status", "number", "applicantId", "organisationId", "procedureId", "procedureVersionId", "validUntil", "renewedAt", "remindedMonthAt", "remindedWeekAt", "answersVersion", sql<string>`answers::text`.as("answersText")])
    .where("id", "=", requestId)
    .forUpdate()
    .executeTakeFirst();
}

/** Records that a reminder was mailed (in the mail's transaction). */
export async function markReminded(db: Db, input: { requestId: string; which: "month" | "week"; now: Date }) {
  await db
    .updateTable("requests")
    .set(input.which === "month" ? { remindedMonthAt: input.now } : { remindedWeekAt: input.now })
    .where("id", "=", input.requestId)
    .execute();
}

/**
 * Writes a filed request's updated answers if nobody updated it since `version` was read: returns
 * false (nothing written) when the version moved on (another tab, another person).
 */
export async function updateFiledAnswers(db: Db, input: { requestId: string; answers: Answers; version: number; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable("requests")
    .set({ answers: JSON.stringify(input.answers), answersVersion: sql<number>`answers_version + 1`, updatedAt: input.now })
    .where("id", "=", input.requestId)
    .where("answersVersion", "=", input.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** When the agent last opened the request (undefined: never). */
export async function findAgentView(db: Db, requestId: string, agentId: string): Promise<Date | undefined> {
  const row = await db.selectFrom("requestAgentViews").select("seenAt").where("requestId", "=", requestId).where("agentId", "=", agentId).executeTakeFirst();
  return row?.seenAt;
}

/** Records that the agent opened the request now. */
export async function recordAgentView(db: Db, input: { requestId: string; agentId: string; now: Date }) {
  await db
    .insertInto("requestAgentViews")
    .values({ requestId: input.requestId, agentId: input.agentId, seenAt: input.now })
    .onConflict((oc) => oc.columns(["requestId", "agentId"]).doUpdateSet({ seenAt: input.now }))
    .execute();
}

/** The applicant's doings an agent should notice: updates, answers to asks, documents, messages. */
export const APPLICANT_NEWS_EVENTS = ["request.updated", "request.renewed", "ask.modification_answered", "ask.documents_answered"] as const;

/**
 * The news among a request's events, written as constants: the very predicate of the partial
 * index `request_events_news` (migration 0031), which PostgreSQL then reads instead of every
 * event of each request. Constants also leave the list page's statement with two parameters, so
 * it is prepared (platform/db/prepared-statements.ts) and planned once per connection.
 */
const IS_NEWS = sql<boolean>`request_events.event in (${sql.join(APPLICANT_NEWS_EVENTS.map((event) => sql.lit(event)))})`;

/**
 * The applicant's news on a request since the agent last opened it (all of them if never), oldest
 * first, with their details (the updates' changes).
 */
export async function listNewsSince(db: Db, input: { requestId: string; agentId: string }) {
  return db
    .selectFrom("requestEvents")
    .leftJoin("requestAgentViews", (join) => join.onRef("requestAgentViews.requestId", "=", "requestEvents.requestId").on("requestAgentViews.agentId", "=", input.agentId))
    .select(["requestEvents.id", "requestEvents.event", "requestEvents.occurredAt", sql<string>`request_events.details::text`.as("detailsText")])
    .where("requestEvents.requestId", "=", input.requestId)
    .where(IS_NEWS)
    .where((eb) => eb.or([eb("requestAgentViews.seenAt", "is", null), eb("requestEvents.occurredAt", ">", eb.ref("requestAgentViews.seenAt"))]))
    .orderBy("requestEvents.occurredAt")
    .orderBy("requestEvents.id")
    .execute();
}

/** For a list page: which of these requests have applicant news since the agent last opened them, and of which kinds. */
export async function listRequestsWithNews(db: Db, input: { agentId: string; requestIds: readonly string[] }) {
  if (input.requestIds.length === 0) return [];
  return requestsWithNews(db, input).execute();
}

/** listRequestsWithNews's statement, for its test to read the plan of. */
export function requestsWithNews(db: Db, input: { agentId: string; requestIds: readonly string[] }) {
  return db
    .selectFrom("requestEvents")
    .leftJoin("requestAgentViews", (join) => join.onRef("requestAgentViews.requestId", "=", "requestEvents.requestId").on("requestAgentViews.agentId", "=", input.agentId))
    .select(["requestEvents.requestId", "requestEvents.event"])
    .distinct()
    .where(sql<boolean>`request_events.request_id = any(${sql.val([...input.requestIds])}::uuid[])`)
    .where(IS_NEWS)
    .where((eb) => eb.or([eb("requestAgentViews.seenAt", "is", null), eb("requestEvents.occurredAt", ">", eb.ref("requestAgentViews.seenAt"))]));
}

/**
 * Takes a provided file off a filed request (replaced or removed by an update) but keeps its
 * stored file: the upload row and its bytes stay for the history (the update's event names it).
 */
export async function detachRequestDocument(db: Db, requestDocumentId: string) {
  await db.deleteFrom("requestDocuments").where("id", "=", requestDocumentId).execute();
}
