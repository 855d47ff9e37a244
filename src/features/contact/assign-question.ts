import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { QuestionClosedError } from "./errors.ts";
import { isOpen, statusAfterAssignment } from "./policies.ts";
import { isSupportAgent, lockQuestion, updateQuestionAssignee } from "./queries.ts";

/**
 * Gives a question to a support agent (oneself or a colleague), or back to nobody (null), under
 * the question's lock, and records who did it. Throws NotFoundError for an unknown question,
 * QuestionClosedError once it is closed, FormError({ agent }) when the assignee is no support agent.
 */
export async function assignQuestion(deps: { db: Db; clock: Clock }, input: { questionId: string; assigneeId: string | null }, context: { actorId: string; ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const question = await lockQuestion(trx, input.questionId);
    if (!question) throw new NotFoundError();
    if (!isOpen(question.status)) throw new QuestionClosedError();
    if (input.assigneeId !== null && !(await isSupportAgent(trx, input.assigneeId))) throw new FormError({ agent: "Choisissez un agent du support." });
    await updateQuestionAssignee(trx, question.id, input.assigneeId, statusAfterAssignment(question.status, input.assigneeId));
    await audit(trx, deps.clock, {
      event: "support.question_assigned",
      accountId: input.assigneeId,
      actorId: context.actorId,
      ip: context.ip,
      details: { questionId: question.id, reference: question.reference, from: question.assignedTo, to: input.assigneeId },
    });
  });
}
