import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { QuestionClosedError } from "./errors.ts";
import { answerMail } from "./mails.ts";
import { isOpen } from "./policies.ts";
import { insertReply, lockQuestion, markQuestionAnswered } from "./queries.ts";

/**
 * A support agent's answer, in one transaction: the answer in the thread (shown in the person's
 * "Mes questions" when they asked signed in), the question marked answered (its first answer's
 * time kept for the figures, assigned to the answerer when nobody had it), the mail carrying the
 * answer, the audit line. Throws NotFoundError, QuestionClosedError.
 */
export async function answerQuestion(deps: { db: Db; clock: Clock; config: Config; mailer: Mailer }, input: { questionId: string; agentId: string; body: string }, context: { ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const question = await lockQuestion(trx, input.questionId);
    if (!question) throw new NotFoundError();
    if (!isOpen(question.status)) throw new QuestionClosedError();
    const now = deps.clock.now();
    const reply = await insertReply(trx, { questionId: question.id, authorId: input.agentId, fromSupport: true, body: input.body, createdAt: now });
    await markQuestionAnswered(trx, question.id, { agentId: input.agentId, now });
    await deps.mailer.queue(
      trx,
      question.email,
      await answerMail(deps.config, { name: question.name, reference: question.reference, answer: input.body, questionId: question.id, withAccount: question.accountId !== null }),
    );
    await audit(trx, deps.clock, { event: "support.question_answered", accountId: question.accountId, actorId: input.agentId, ip: context.ip, details: { questionId: question.id, reference: question.reference, replyId: reply.id } });
  });
}
