import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { QuestionClosedError } from "./errors.ts";
import { isOpen } from "./policies.ts";
import { insertReply, lockQuestion, reopenQuestion } from "./queries.ts";

/**
 * The person's reply from "Mes questions": added to the thread, and the question goes back to
 * the support (assigned, or new when nobody handles it). Another person's question is a 404.
 */
export async function replyToSupport(deps: { db: Db; clock: Clock }, input: { questionId: string; accountId: string; body: string }, context: { ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const question = await lockQuestion(trx, input.questionId);
    if (!question || question.accountId !== input.accountId) throw new NotFoundError();
    if (!isOpen(question.status)) throw new QuestionClosedError();
    const reply = await insertReply(trx, { questionId: question.id, authorId: input.accountId, fromSupport: false, body: input.body, createdAt: deps.clock.now() });
    await reopenQuestion(trx, question.id);
    await audit(trx, deps.clock, { event: "support.question_replied", accountId: input.accountId, actorId: input.accountId, ip: context.ip, details: { questionId: question.id, reference: question.reference, replyId: reply.id } });
  });
}
