import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { QuestionClosedError } from "./errors.ts";
import { isOpen } from "./policies.ts";
import { closeQuestionRow, lockQuestion } from "./queries.ts";

/** Closes a question (nothing more to do on it), under its lock. Throws NotFoundError, QuestionClosedError. */
export async function closeQuestion(deps: { db: Db; clock: Clock }, input: { questionId: string }, context: { actorId: string; ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const question = await lockQuestion(trx, input.questionId);
    if (!question) throw new NotFoundError();
    if (!isOpen(question.status)) throw new QuestionClosedError();
    await closeQuestionRow(trx, question.id, deps.clock.now());
    await audit(trx, deps.clock, { event: "support.question_closed", accountId: question.accountId, actorId: context.actorId, ip: context.ip, details: { questionId: question.id, reference: question.reference, status: question.status } });
  });
}
