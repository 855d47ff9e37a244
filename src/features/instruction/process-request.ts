import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { applyTransition, transitions } from "../../core/requests/state-machine.ts";
import { queueDecisionMail, type AgentTransition } from "../../core/requests/decision-mail.ts";
import { isAttachedAgent } from "../../core/requests/agent-policies.ts";
import { findRequestProcedureId } from "../../core/requests/queries/requests.ts";

/**
 * An agent takes a request in charge ("Prise en charge": it is assigned to them) or decides it
 * (accepted, refused — the reason is mandatory —, closed without follow-up). In one
 * transaction: the state machine's transition (which refuses a decision while a modification or
 * documents request is open, throwing TransitionRefused), the applicant's mail (queued, so it
 * leaves only if the transaction commits) and the audit event. NotFoundError when the agent is
 * not attached to the procedure or the request is not one of its requests.
 */
export async function processRequest(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  input: {
    procedureId: string;
    /** The procedure's title, for the mail. */
    procedureTitle: string;
    requestId: string;
    agentId: string;
    transition: AgentTransition;
    reason?: string | null;
  },
  context: { ip?: string | null } = {},
): Promise<{ from: RequestStatus; to: RequestStatus }> {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await isAttachedAgent(trx, input.agentId, input.procedureId))) throw new NotFoundError();
    if ((await findRequestProcedureId(trx, input.requestId)) !== input.procedureId) throw new NotFoundError();

    const reason = input.reason?.trim() || null;
    const result = await applyTransition(deps, trx, { requestId: input.requestId, transition: input.transition, actorId: input.agentId, reason });
    const { number } = await queueDecisionMail(deps, trx, { requestId: input.requestId, procedureTitle: input.procedureTitle, transition: input.transition, reason });
    await audit(trx, deps.clock, {
      event: transitions[input.transition].event,
      actorId: input.agentId,
      ip: context.ip ?? null,
      details: { requestId: input.requestId, number, from: result.from, to: result.to, ...(reason ? { reason } : {}) },
    });
    return result;
  });
}
