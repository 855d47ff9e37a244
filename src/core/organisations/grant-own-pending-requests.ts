import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { findRequestContext, findPerson, lockOwnPendingOrganisationRequests, setGrantDecision } from "./queries/services.ts";
import { grantTransitions } from "./grant-status.ts";
import { grantGrantedMail } from "./service-mails.ts";

/**
 * When a member becomes their organisation's administrator by the code sent by post, the
 * requests they made while it had none (seed 001, case 2) are theirs to grant: they are granted at
 * once, each with its audit event and its mail. Call it in the transaction that makes the person
 * administrator (`db` is that transaction). Returns the services granted.
 */
export async function grantOwnPendingRequests(
  deps: { clock: Clock; mailer: Mailer; config: Config },
  db: Db,
  input: { organisationId: string; accountId: string; ip?: string | null },
): Promise<{ grantId: string; serviceId: string; serviceName: string }[]> {
  const requests = await lockOwnPendingOrganisationRequests(db, input);
  if (requests.length === 0) return [];
  const person = await findPerson(db, input.accountId);
  const context = await findRequestContext(db, input);
  if (!person || !context) return [];
  const organisation = { id: context.organisationId, name: context.organisationName };
  const to = context.memberEmail ?? context.accountEmail;
  const now = deps.clock.now();
  const granted = [];
  for (const request of requests) {
    const { from, to: status, event } = grantTransitions.grant;
    if (!(await setGrantDecision(db, request.id, { from, to: status, decidedBy: input.accountId, now, reason: null }))) continue;
    await audit(db, deps.clock, {
      event,
      accountId: input.accountId,
      actorId: input.accountId,
      ip: input.ip ?? null,
      details: { grantId: request.id, serviceId: request.serviceId, organisationId: input.organisationId, route: "became_administrator" },
    });
    await deps.mailer.queue(db, to, await grantGrantedMail(deps.config, person, { name: request.serviceName, slug: request.serviceSlug }, organisation));
    granted.push({ grantId: request.id, serviceId: request.serviceId, serviceName: request.serviceName });
  }
  return granted;
}
