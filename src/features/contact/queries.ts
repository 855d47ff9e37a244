import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";
import { compiledOnce } from "../../platform/db/compiled-once.ts";
import type { SupportStatus, SupportTopic } from "../../platform/db/schema.ts";

// ——— Questions ———

export interface NewQuestion {
  reference: string;
  topic: SupportTopic;
  requestNumber: string | null;
  body: string;
  name: string;
  email: string;
  accountId: string | null;
  ip: string;
  uploadId: string | null;
  createdAt: Date;
}

/** Stores a question; null when its reference is already taken (the caller draws another). */
export async function insertQuestion(db: Db, question: NewQuestion) {
  return (
    (await db
      .insertInto("supportQuestions")
      .values(question)
      .onConflict((conflict) => conflict.column("reference").doNothing())
      .returning(["id", "reference"])
      .executeTakeFirst()) ?? null
  );
}

/**
 * Holds, until the transaction ends, the lock of one address's questions: two questions sent at
 * once from the same address are counted one after the other, so the limit cannot be overrun.
 */
export async function lockAddressQuestions(db: Db, ip: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`support-questions:${ip}`}, 0))`.execute(db);
}

/** Questions accepted from one address since a moment: the flood limit counts them. */
export async function countQuestionsFromAddressSince(db: Db, ip: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("supportQuestions")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("ip", "=", ip)
    .where("createdAt", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Questions answered to one e-mail address since a moment (whatever its case). */
export async function countQuestionsToEmailSince(db: Db, email: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("supportQuestions")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where(sql<string>`lower(email)`, "=", email.toLowerCase())
    .where("createdAt", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

const questionColumns = [
  "supportQuestions.id",
  "supportQuestions.reference",
  "supportQuestions.topic",
  "supportQuestions.requestNumber",
  "supportQuestions.body",
  "supportQuestions.name",
  "supportQuestions.email",
  "supportQuestions.accountId",
  "supportQuestions.uploadId",
  "supportQuestions.status",
  "supportQuestions.assignedTo",
  "supportQuestions.createdAt",
  "supportQuestions.firstAnsweredAt",
  "supportQuestions.closedAt",
] as const;

/** One question with the name of the agent it is assigned to and its attachment's description. */
export async function findQuestion(db: Db, id: string) {
  return db
    .selectFrom("supportQuestions")
    .leftJoin("accounts as assignee", "assignee.id", "supportQuestions.assignedTo")
    .leftJoin("uploads", "uploads.id", "supportQuestions.uploadId")
    .select(questionColumns)
    .select(["assignee.firstName as assigneeFirstName", "assignee.lastName as assigneeLastName", "uploads.originalName as attachmentName", "uploads.detectedType as attachmentType", "uploads.size as attachmentSize"])
    .where("supportQuestions.id", "=", id)
    .executeTakeFirst();
}
export type Question = NonNullable<Awaited<ReturnType<typeof findQuestion>>>;

/** The question's row under a lock, for a change of its status or assignee. */
export async function lockQuestion(db: Db, id: string) {
  return db.selectFrom("supportQuestions").select(["id", "reference", "status", "assignedTo", "accountId", "email", "name", "firstAnsweredAt"]).where("id", "=", id).forUpdate().executeTakeFirst();
}

/** The support's list, newest first, filtered by status and by assignee ("me" is the caller's account). */
export async function listQuestions(db: Db, filter: { statuses: readonly SupportStatus[]; assignedTo?: string | null; limit: number; offset: number }) {
  let query = db
    .selectFrom("supportQuestions")
    .leftJoin("accounts as assignee", "assignee.id", "supportQuestions.assignedTo")
    .where("supportQuestions.status", "in", filter.statuses);
  if (filter.assignedTo !== undefined) {
    query = filter.assignedTo === null ? query.where("supportQuestions.assignedTo", "is", null) : query.where("supportQuestions.assignedTo", "=", filter.assignedTo);
  }
  const [rows, count] = await Promise.all([
    query
      .select(["supportQuestions.id", "supportQuestions.reference", "supportQuestions.topic", "supportQuestions.name", "supportQuestions.status", "supportQuestions.createdAt", "supportQuestions.requestNumber"])
      .select(["assignee.firstName as assigneeFirstName", "assignee.lastName as assigneeLastName"])
      .orderBy("supportQuestions.createdAt", "desc")
      .orderBy("supportQuestions.id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { questions: rows, total: Number(count.total) };
}

/** How many questions are in each status. */
export async function countQuestionsByStatus(db: Db): Promise<Record<SupportStatus, number>> {
  const rows = await db.selectFrom("supportQuestions").select(["status"]).select((eb) => eb.fn.countAll<string>().as("count")).groupBy("status").execute();
  const counts: Record<SupportStatus, number> = { new: 0, assigned: 0, answered: 0, closed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/**
 * Time to the first answer of the questions sent since a moment: how many were sent, how many
 * answered, the median and the 90th percentile in milliseconds (null with no answered question).
 */
export async function answerTimesSince(db: Db, since: Date) {
  const row = await db
    .selectFrom("supportQuestions")
    .select((eb) => [
      eb.fn.countAll<string>().as("sent"),
      eb.fn.count<string>("firstAnsweredAt").as("answered"),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (first_answered_at - created_at)))`.as("median"),
      sql<number | null>`percentile_cont(0.9) within group (order by extract(epoch from (first_answered_at - created_at)))`.as("p90"),
    ])
    .where("createdAt", ">", since)
    .executeTakeFirstOrThrow();
  const ms = (seconds: number | string | null) => (seconds === null ? null : Math.round(Number(seconds) * 1000));
  return { sent: Number(row.sent), answered: Number(row.answered), medianMs: ms(row.median), p90Ms: ms(row.p90) };
}

/** Sets who handles the question (null: nobody) and its status. */
export async function updateQuestionAssignee(db: Db, id: string, assignedTo: string | null, status: SupportStatus) {
  await db.updateTable("supportQuestions").set({ assignedTo, status }).where("id", "=", id).execute();
}

/** After an answer: "answered", the first answer's time kept, assigned to the answerer when nobody was. */
export async function markQuestionAnswered(db: Db, id: string, input: { agentId: string; now: Date }) {
  await db
    .updateTable("supportQuestions")
    .set((eb) => ({
      status: "answered",
      firstAnsweredAt: eb.fn.coalesce("firstAnsweredAt", eb.val(input.now)),
      assignedTo: eb.fn.coalesce("assignedTo", eb.val(input.agentId)),
    }))
    .where("id", "=", id)
    .execute();
}

/** After the person's reply: back in the support's hands (assigned, or new when nobody handles it). */
export async function reopenQuestion(db: Db, id: string) {
  await db
    .updateTable("supportQuestions")
    .set((eb) => ({ status: eb.case().when("assignedTo", "is", null).then(sql.lit<SupportStatus>("new")).else(sql.lit<SupportStatus>("assigned")).end() }))
    .where("id", "=", id)
    .execute();
}

export async function closeQuestionRow(db: Db, id: string, now: Date) {
  await db.updateTable("supportQuestions").set({ status: "closed", closedAt: now }).where("id", "=", id).execute();
}

// On every dashboard: compiled once (platform/db/compiled-once.ts).
const questionsOfAccount = compiledOnce(2, (db: Db, accountId: string, limit: number) =>
  db
    .selectFrom("supportQuestions")
    .select(["id", "reference", "topic", "status", "createdAt"])
    .select((eb) =>
      eb
        .selectFrom("supportReplies")
        .select((inner) => inner.fn.countAll<string>().as("answers"))
        .whereRef("supportReplies.questionId", "=", "supportQuestions.id")
        .where("supportReplies.fromSupport", "=", true)
        .as("answers"),
    )
    .where("accountId", "=", accountId)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(limit),
);

/** The questions a person sent while signed in, newest first, with how many answers each has. */
export async function listQuestionsOfAccount(db: Db, accountId: string, limit: number) {
  const rows = await questionsOfAccount(db, accountId, limit);
  // A count is a string on pg and a number on PGlite.
  return rows.map((row) => ({ ...row, answers: Number(row.answers ?? 0) }));
}

/** The attachment of a question, for its download. */
export async function findQuestionAttachment(db: Db, questionId: string) {
  return db
    .selectFrom("supportQuestions")
    .innerJoin("uploads", "uploads.id", "supportQuestions.uploadId")
    .select(["uploads.id", "uploads.storageKey", "uploads.originalName", "uploads.detectedType", "uploads.size"])
    .where("supportQuestions.id", "=", questionId)
    .executeTakeFirst();
}

// ——— The thread ———

export async function insertReply(db: Db, reply: { questionId: string; authorId: string | null; fromSupport: boolean; body: string; createdAt: Date }) {
  return db.insertInto("supportReplies").values(reply).returning("id").executeTakeFirstOrThrow();
}

/** A question's answers and replies, oldest first, with the support author's names. */
export async function listReplies(db: Db, questionId: string) {
  return db
    .selectFrom("supportReplies")
    .leftJoin("accounts as author", "author.id", "supportReplies.authorId")
    .select(["supportReplies.id", "supportReplies.fromSupport", "supportReplies.body", "supportReplies.createdAt", "author.firstName as authorFirstName", "author.lastName as authorLastName"])
    .where("supportReplies.questionId", "=", questionId)
    .orderBy("supportReplies.createdAt")
    .orderBy("supportReplies.id")
    .execute();
}
export type Reply = Awaited<ReturnType<typeof listReplies>>[number];

// ——— Support agents ———

export async function isSupportAgent(db: Db, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom("supportAgents")
    .innerJoin("accounts", "accounts.id", "supportAgents.accountId")
    .select("supportAgents.accountId")
    .where("supportAgents.accountId", "=", accountId)
    .where("accounts.role", "in", ["agent", "platform_admin"])
    .executeTakeFirst();
  return row !== undefined;
}

/** A support agent's name and address, for the mail telling them a person replied; undefined once they left the support. */
export async function findSupportAgentContact(db: Db, accountId: string) {
  return db
    .selectFrom("supportAgents")
    .innerJoin("accounts", "accounts.id", "supportAgents.accountId")
    .select(["accounts.civility", "accounts.lastName", "accounts.email"])
    .where("supportAgents.accountId", "=", accountId)
    .executeTakeFirst();
}

/** The support agents, by name. */
export async function listSupportAgents(db: Db) {
  return db
    .selectFrom("supportAgents")
    .innerJoin("accounts", "accounts.id", "supportAgents.accountId")
    .select(["accounts.id", "accounts.identifier", "accounts.firstName", "accounts.lastName", "accounts.email", "accounts.role", "supportAgents.grantedAt"])
    .where("accounts.role", "in", ["agent", "platform_admin"])
    .orderBy("accounts.lastName")
    .orderBy("accounts.firstName")
    .orderBy("accounts.id")
    .execute();
}

/** A staff account (case worker or platform admin) by its e-mail address, whatever its case. */
export async function findStaffAccountByEmail(db: Db, email: string) {
  return db
    .selectFrom("accounts")
    .select(["id", "email", "firstName", "lastName", "role"])
    .where(sql<string>`lower(email)`, "=", email.toLowerCase())
    .where("role", "in", ["agent", "platform_admin"])
    .executeTakeFirst();
}

/** Names a support agent; false when they already were one. */
export async function insertSupportAgent(db: Db, row: { accountId: string; grantedBy: string | null; grantedAt: Date }): Promise<boolean> {
  const inserted = await db.insertInto("supportAgents").values(row).onConflict((conflict) => conflict.column("accountId").doNothing()).returning("accountId").executeTakeFirst();
  return inserted !== undefined;
}

/** Removes a support agent; their questions go back to nobody (new if unanswered). Returns whether they were one. */
export async function deleteSupportAgent(db: Db, accountId: string): Promise<boolean> {
  const deleted = await db.deleteFrom("supportAgents").where("accountId", "=", accountId).returning("accountId").executeTakeFirst();
  if (!deleted) return false;
  await db.updateTable("supportQuestions").set({ assignedTo: null, status: "new" }).where("assignedTo", "=", accountId).where("status", "=", "assigned").execute();
  await db.updateTable("supportQuestions").set({ assignedTo: null }).where("assignedTo", "=", accountId).execute();
  return true;
}
