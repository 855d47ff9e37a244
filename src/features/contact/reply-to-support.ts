import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { QuestionClosedError } from "./errors.ts";
import { isOpen } from "./policies.ts";
import type { Config } from "../../platform/config.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { personRepliedMail } from "./mails.ts";
import { findSupportAgentContact, insertReply, lockQuestion, reopenQuestion } from "./queries.ts";

/**
 * The person's reply from "Mes questions": added to the thread, and the question goes back to
 * the support (assigned, or new when nobody handles it), and the agent handling it is told by
 * mail (a link, not the reply). Another person's question is a 404.
 */
export async function replyToSupport(deps: { db: Db; clock: Clock; config: Config; mailer: Mailer }, input: { questionId: string; accountId: string; body: string }, context: { ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const question = await lockQuestion(trx, input.questionId);
    if (!question || question.accountId !== input.accountId) throw new NotFoundError();
    if (!isOpen(question.status)) throw new QuestionClosedError();
    const reply = await insertReply(trx, { questionId: question.id, authorId: input.accountId, fromSupport: false, body: input.body, createdAt: deps.clock.now() });
    await reopenQuestion(trx, question.id);
    const agent = question.assignedTo ? await findSupportAgentContact(trx, question.assignedTo) : undefined;
    if (agent) await deps.mailer.queue(trx, agent.email, await personRepliedMail(deps.config, agent, { reference: question.reference, questionId: question.id }));
    await audit(trx, deps.clock, { event: "support.question_replied", accountId: input.accountId, actorId: input.accountId, ip: context.ip, details: { questionId: question.id, reference: question.reference, replyId: reply.id } });
  });
}
