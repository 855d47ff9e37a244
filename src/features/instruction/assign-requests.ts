import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { applyTransition } from "../../core/requests/state-machine.ts";
import { isAttachedAgent } from "../../core/requests/agent-policies.ts";
import { insertEvent } from "../../core/requests/queries/requests.ts";
import { findApplicantContact, listProcedureAgents, lockProcedureRequestForAssignment, setAssignedAgent } from "../../core/requests/queries/agents.ts";
import { requestTransitionMail } from "../../core/requests/decision-mail.ts";

/** The most requests one bulk assignment takes (a list page holds 50). */
export const ASSIGN_MAX = 50;

/** Some selected requests are decided (or abandoned, expired): nothing was assigned. */
export class AssignmentRefused extends Error {
  constructor(readonly numbers: readonly string[]) {
    super(`Assignment refused for ${numbers.length} request(s)`);
    this.name = "AssignmentRefused";
  }

  /** The sentence shown above the list. */
  get sentence(): string {
    const list = this.numbers.map((number) => formatRequestNumber(number)).join(", ");
    return this.numbers.length === 1
      ? `La demande n° ${list} n'est plus à instruire (décidée, abandonnée ou expirée) : elle ne peut pas être attribuée. Aucune demande n'a été attribuée.`
      : `Les demandes n° ${list} ne sont plus à instruire (décidées, abandonnées ou expirées) : elles ne peuvent pas être attribuées. Aucune demande n'a été attribuée.`;
  }
}

/**
 * Assigns requests of a procedure to one of its case workers, all or nothing, in one transaction:
 * - a filed request is taken in charge for them through the state machine ("take": in
 *   instruction, assigned to them, "Prise en charge" in the history, the applicant's mail);
 * - an in-instruction request changes hands: its agent is replaced and its history gets a
 *   "request.assigned" line (not shown to the applicant), with an audit event;
 * - a request already with that agent is left as it is; a decided, abandoned or expired one
 *   refuses the whole assignment (AssignmentRefused).
 * NotFoundError when the acting agent is not attached to the procedure or a request is not one of
 * its requests; FormError (`agent`) when the assignee is not one of its agents.
 */
export async function assignRequests(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  input: { procedureId: string; procedureTitle: string; actorId: string; assigneeId: string; requestIds: readonly string[] },
  context: { ip?: string | null } = {},
): Promise<{ assigned: number; unchanged: number }> {
  if (input.requestIds.length === 0) throw new FormError({ demandes: "Cochez au moins une demande à attribuer." });
  if (input.requestIds.length > ASSIGN_MAX) throw new FormError({ demandes: `Cochez au plus ${ASSIGN_MAX} demandes à la fois.` });
  return deps.db.transaction().execute(async (trx) => {
    if (!(await isAttachedAgent(trx, input.actorId, input.procedureId))) throw new NotFoundError();
    const assignee = (await listProcedureAgents(trx, input.procedureId)).find((agent) => agent.id === input.assigneeId);
    if (!assignee) throw new FormError({ agent: "Choisissez l'agent instructeur à qui attribuer les demandes." });
    const assigneeName = [assignee.firstName, assignee.lastName].filter(Boolean).join(" ");
    // Locked in one order, so two bulk assignments of the same requests wait instead of deadlocking.
    const ids = [...new Set(input.requestIds)].sort();
    const requests = [];
    for (const id of ids) {
      const request = await lockProcedureRequestForAssignment(trx, input.procedureId, id);
      if (!request) throw new NotFoundError();
      requests.push(request);
    }
    const closed = requests.filter((request) => request.status !== "filed" && request.status !== "in_instruction");
    if (closed.length > 0) throw new AssignmentRefused(closed.map((request) => request.number ?? ""));
    let assigned = 0;
    const now = deps.clock.now();
    for (const request of requests) {
      if (request.assignedAgentId === assignee.id) continue;
      assigned++;
      const details = { requestId: request.id, number: request.number, from: request.assignedAgentId, to: assignee.id };
      if (request.status === "filed") {
        await applyTransition(deps, trx, { requestId: request.id, transition: "take", actorId: input.actorId, fields: { assignedAgentId: assignee.id } });
        if (assignee.id !== input.actorId) {
          // After the taking in charge, in the history's order.
          await insertEvent(trx, { requestId: request.id, occurredAt: deps.clock.now(), actorId: input.actorId, event: "request.assigned", reason: `Attribuée à ${assigneeName}`, details, visibleToApplicant: false });
        }
        const contact = await findApplicantContact(trx, request.id);
        const to = contact?.applicantEmail ?? contact?.accountEmail;
        if (contact?.number && to) {
          const mail = await requestTransitionMail(deps.config, { civility: contact.civility, lastName: contact.lastName }, { number: contact.number, procedureTitle: input.procedureTitle }, "take", null);
          await deps.mailer.queue(trx, to, mail);
        }
      } else {
        await setAssignedAgent(trx, { requestId: request.id, agentId: assignee.id, now });
        await insertEvent(trx, { requestId: request.id, occurredAt: now, actorId: input.actorId, event: "request.assigned", reason: `Attribuée à ${assigneeName}`, details, visibleToApplicant: false });
      }
      await audit(trx, deps.clock, { event: "request.assigned", actorId: input.actorId, ip: context.ip ?? null, details });
    }
    return { assigned, unchanged: requests.length - assigned };
  });
}
