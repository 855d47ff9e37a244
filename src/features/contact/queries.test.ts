import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { insertTestAccount } from "../../../test/accounts.ts";
import { buildUpload, expectRowLocked, type QueryTestDatabase } from "../../../test/query-fixtures.ts";
import { generateReference } from "./policies.ts";
import {
  answerTimesSince,
  closeQuestionRow,
  countQuestionsByStatus,
  countQuestionsFromAddressSince,
  countQuestionsToEmailSince,
  deleteSupportAgent,
  findQuestion,
  findQuestionAttachment,
  findStaffAccountByEmail,
  findSupportAgentContact,
  insertQuestion,
  insertReply,
  insertSupportAgent,
  isSupportAgent,
  listQuestions,
  listQuestionsOfAccount,
  listReplies,
  listSupportAgents,
  lockAddressQuestions,
  lockQuestion,
  markQuestionAnswered,
  reopenQuestion,
  updateQuestionAssignee,
  type NewQuestion,
} from "./queries.ts";

describe("the support's queries", () => {
  let database: QueryTestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const NOW = new Date("2026-03-10T10:00:00Z");
  const hours = (count: number) => new Date(NOW.getTime() + count * HOUR);
  const newQuestion = (fields: Partial<NewQuestion> = {}): NewQuestion => ({
    reference: generateReference(),
    topic: "autre",
    requestNumber: null,
    body: "Une question",
    name: "Lina Haddad",
    email: "lina@exemple.fr",
    accountId: null,
    ip: "192.0.2.1",
    uploadId: null,
    createdAt: NOW,
    ...fields,
  });
  const store = async (fields: Partial<NewQuestion> = {}) => (await insertQuestion(db, newQuestion(fields)))!;
  const statusOf = async (id: string) => db.selectFrom("supportQuestions").select(["status", "assignedTo", "firstAnsweredAt", "closedAt"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("inserts a question, and gives null for a reference already taken", async () => {
    const question = await store({ reference: "Q-AAAA-BBBB" });
    expect(question.reference).toBe("Q-AAAA-BBBB");
    expect(await insertQuestion(db, newQuestion({ reference: "Q-AAAA-BBBB" }))).toBeNull();
  });

  it("locks one address's questions until the transaction ends", async () => {
    await db.transaction().execute(async (trx) => {
      await lockAddressQuestions(trx, "203.0.113.5");
      if (process.env.DATABASE_URL) {
        const other = await sql<{ taken: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${"support-questions:203.0.113.5"}, 0)) as taken`.execute(database.db);
        // The test database's pool gives another connection: it cannot take the lock.
        expect(other.rows[0]?.taken).toBe(false);
      }
    });
  });

  it("counts the questions of one address since a moment", async () => {
    await store({ ip: "198.51.100.7", createdAt: hours(-2) });
    await store({ ip: "198.51.100.7", createdAt: hours(-0.5) });
    await store({ ip: "198.51.100.8", createdAt: hours(-0.5) });
    expect(await countQuestionsFromAddressSince(db, "198.51.100.7", hours(-1))).toBe(1);
  });

  it("counts the questions to one e-mail address since a moment, whatever its case", async () => {
    await store({ email: "Marc.Dupont@exemple.fr", createdAt: hours(-30) });
    await store({ email: "marc.dupont@exemple.fr", createdAt: hours(-2) });
    await store({ email: "MARC.DUPONT@EXEMPLE.FR", createdAt: hours(-1) });
    expect(await countQuestionsToEmailSince(db, "marc.dupont@Exemple.fr", hours(-24))).toBe(2);
  });

  it("finds a question with its assignee's name and its attachment, and its attachment alone", async () => {
    const agent = await insertTestAccount(db, { role: "agent", firstName: "Sophie", lastName: "Lefèvre" });
    const upload = await buildUpload(db, { originalName: "avis.pdf" });
    const question = await store({ uploadId: upload.id });
    await updateQuestionAssignee(db, question.id, agent.id, "assigned");
    expect(await findQuestion(db, question.id)).toMatchObject({ status: "assigned", assigneeLastName: "Lefèvre", attachmentName: "avis.pdf", attachmentType: "pdf" });
    expect(await findQuestionAttachment(db, question.id)).toMatchObject({ id: upload.id, storageKey: upload.storageKey });
    expect(await findQuestionAttachment(db, (await store()).id)).toBeUndefined();
  });

  it("locks a question's row", async () => {
    const question = await store();
    const locked = await expectRowLocked(db, "support_questions", question.id, (trx) => lockQuestion(trx, question.id));
    expect(locked).toMatchObject({ id: question.id, status: "new" });
  });

  it("lists questions by status and assignee, newest first, with the total, and counts them by status", async () => {
    const agent = await insertTestAccount(db, { role: "agent" });
    const older = await store({ createdAt: hours(-3) });
    const newer = await store({ createdAt: hours(-1) });
    await updateQuestionAssignee(db, older.id, agent.id, "assigned");
    await updateQuestionAssignee(db, newer.id, agent.id, "assigned");
    const mine = await listQuestions(db, { statuses: ["assigned"], assignedTo: agent.id, limit: 10, offset: 0 });
    expect(mine.questions.map((question) => question.id)).toEqual([newer.id, older.id]);
    expect(mine.total).toBe(2);
    const page2 = await listQuestions(db, { statuses: ["assigned"], assignedTo: agent.id, limit: 1, offset: 1 });
    expect(page2.questions.map((question) => question.id)).toEqual([older.id]);
    const nobody = await listQuestions(db, { statuses: ["new"], assignedTo: null, limit: 100, offset: 0 });
    expect(nobody.questions.some((question) => question.id === older.id)).toBe(false);
    const counts = await countQuestionsByStatus(db);
    expect(counts.assigned).toBeGreaterThanOrEqual(2);
    expect(Object.keys(counts).sort()).toEqual(["answered", "assigned", "closed", "new"]);
  });

  it("marks a question answered, keeping its first answer's time and an existing assignee", async () => {
    const first = await insertTestAccount(db, { role: "agent" });
    const second = await insertTestAccount(db, { role: "agent" });
    const question = await store();
    await markQuestionAnswered(db, question.id, { agentId: first.id, now: hours(1) });
    await markQuestionAnswered(db, question.id, { agentId: second.id, now: hours(2) });
    expect(await statusOf(question.id)).toMatchObject({ status: "answered", assignedTo: first.id, firstAnsweredAt: hours(1) });
  });

  it("reopens a question after the person's reply: assigned when somebody handles it, new otherwise", async () => {
    const agent = await insertTestAccount(db, { role: "agent" });
    const handled = await store();
    await markQuestionAnswered(db, handled.id, { agentId: agent.id, now: hours(1) });
    await reopenQuestion(db, handled.id);
    expect((await statusOf(handled.id)).status).toBe("assigned");
    const orphan = await store();
    await updateQuestionAssignee(db, orphan.id, null, "answered");
    await reopenQuestion(db, orphan.id);
    expect((await statusOf(orphan.id)).status).toBe("new");
  });

  it("closes a question with its time", async () => {
    const question = await store();
    await closeQuestionRow(db, question.id, hours(5));
    expect(await statusOf(question.id)).toMatchObject({ status: "closed", closedAt: hours(5) });
  });

  it("gives the median and 90th percentile time to first answer of the questions sent since a moment", async () => {
    const fresh = await createTestDatabase();
    try {
      const agent = await insertTestAccount(fresh.db, { role: "agent" });
      for (const delay of [1, 2, 3, 4]) {
        const question = (await insertQuestion(fresh.db, newQuestion({ createdAt: hours(-10) })))!;
        await markQuestionAnswered(fresh.db, question.id, { agentId: agent.id, now: hours(-10 + delay) });
      }
      await insertQuestion(fresh.db, newQuestion({ createdAt: hours(-1) }));
      await insertQuestion(fresh.db, newQuestion({ createdAt: hours(-100) }));
      expect(await answerTimesSince(fresh.db, hours(-24))).toEqual({ sent: 5, answered: 4, medianMs: 2.5 * HOUR, p90Ms: 3.7 * HOUR });
      expect(await answerTimesSince(fresh.db, hours(0))).toEqual({ sent: 0, answered: 0, medianMs: null, p90Ms: null });
    } finally {
      await fresh.drop();
    }
  });

  it("lists a person's questions with their number of answers, and the thread with the support's names", async () => {
    const person = await insertTestAccount(db);
    const agent = await insertTestAccount(db, { role: "agent", firstName: "Hugo", lastName: "Vidal" });
    const question = await store({ accountId: person.id });
    await insertReply(db, { questionId: question.id, authorId: agent.id, fromSupport: true, body: "Réponse", createdAt: hours(1) });
    await insertReply(db, { questionId: question.id, authorId: person.id, fromSupport: false, body: "Merci", createdAt: hours(2) });
    expect(await listQuestionsOfAccount(db, person.id, 5)).toEqual([expect.objectContaining({ id: question.id, answers: 1 })]);
    const thread = await listReplies(db, question.id);
    expect(thread.map((reply) => [reply.body, reply.fromSupport, reply.authorLastName])).toEqual([
      ["Réponse", true, "Vidal"],
      ["Merci", false, "Martin"],
    ]);
  });

  it("names, lists, recognises and removes support agents, only among staff accounts", async () => {
    const agent = await insertTestAccount(db, { role: "agent", email: "Sophie.Support@Exemple.fr" });
    const applicant = await insertTestAccount(db);
    expect(await findStaffAccountByEmail(db, "sophie.support@exemple.fr")).toMatchObject({ id: agent.id });
    expect(await findStaffAccountByEmail(db, applicant.email)).toBeUndefined();
    expect(await insertSupportAgent(db, { accountId: agent.id, grantedBy: null, grantedAt: NOW })).toBe(true);
    expect(await insertSupportAgent(db, { accountId: agent.id, grantedBy: null, grantedAt: NOW })).toBe(false);
    await insertSupportAgent(db, { accountId: applicant.id, grantedBy: null, grantedAt: NOW });
    expect(await isSupportAgent(db, agent.id)).toBe(true);
    // An applicant's row (an account whose role changed) gives no access.
    expect(await isSupportAgent(db, applicant.id)).toBe(false);
    expect((await listSupportAgents(db)).map((row) => row.id)).toContain(agent.id);
    expect(await findSupportAgentContact(db, agent.id)).toEqual({ civility: "Mme", lastName: "Martin", email: "Sophie.Support@Exemple.fr" });
    const held = await store();
    await updateQuestionAssignee(db, held.id, agent.id, "assigned");
    expect(await deleteSupportAgent(db, agent.id)).toBe(true);
    expect(await deleteSupportAgent(db, agent.id)).toBe(false);
    expect(await isSupportAgent(db, agent.id)).toBe(false);
    expect(await findSupportAgentContact(db, agent.id)).toBeUndefined();
    expect(await statusOf(held.id)).toMatchObject({ status: "new", assignedTo: null });
  });
});
