import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { GrantAlreadyDecidedError } from "./errors.ts";
import { lockAdministrators } from "../../core/organisations/queries/members.ts";
import { grantTransitions, REASON_MAX_LENGTH, type GrantDecision } from "../../core/organisations/grant-status.ts";
import { grantGrantedMail, grantRefusedMail, grantRevokedMail } from "../../core/organisations/service-mails.ts";
import { mayDecide, type DecisionScope } from "./policies.ts";
import { lockGrantForDecision, setGrantDecision } from "../../core/organisations/queries/services.ts";

const reasonRequired: Record<GrantDecision, string | null> = {
  grant: null,
  refuse: "Indiquez le motif du refus : la personne le lira.",
  revoke: "Indiquez le motif de la désactivation : la personne le lira.",
};

/**
 * "Valider", "Refuser" or "Désactiver" a grant, by whoever decides for its service within the
 * given scope (see policies.ts). The grant is locked and its status checked against the decision's
 * expected one, so a grant decided in the meantime is explained, not decided twice. The person is
 * told by e-mail. Throws NotFoundError when the grant is outside the scope (another organisation's
 * grant looks like no grant) or the decider no longer administers the scope's organisation,
 * FormError for a missing or too long reason, GrantAlreadyDecidedError.
 */
export async function decideGrant(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  input: { grantId: string; decision: GrantDecision; reason: string; scope: DecisionScope; deciderId: string; ip: string },
) {
  const required = reasonRequired[input.decision];
  if (required && !input.reason) throw new FormError({ reason: required });
  if (required && input.reason.length > REASON_MAX_LENGTH) throw new FormError({ reason: `Le motif compte ${REASON_MAX_LENGTH} caractères au maximum.` });
  const reason = required ? input.reason : null;

  await deps.db.transaction().execute(async (trx) => {
    // The route checked the decider before the transaction; they may have been removed since. As
    // every decision of an organisation does, the administrators are locked first, then the grant.
    if (input.scope.kind === "organisation") {
      const administrators = await lockAdministrators(trx, input.scope.organisationId);
      if (!administrators.includes(input.deciderId)) throw new NotFoundError();
    }
    const grant = await lockGrantForDecision(trx, input.grantId);
    if (!grant || !mayDecide(input.scope, grant)) throw new NotFoundError();
    const transition = grantTransitions[input.decision];
    const now = deps.clock.now();
    if (!(await setGrantDecision(trx, grant.id, { from: transition.from, to: transition.to, decidedBy: input.deciderId, now, reason })))
      throw new GrantAlreadyDecidedError(grant.status);
    await audit(trx, deps.clock, {
      event: transition.event,
      accountId: grant.accountId,
      actorId: input.deciderId,
      ip: input.ip,
      details: { grantId: grant.id, serviceId: grant.serviceId, organisationId: grant.organisationId, ...(reason ? { reason } : {}) },
    });
    const service = { name: grant.serviceName, slug: grant.serviceSlug };
    const organisation = grant.organisationId && grant.organisationName ? { id: grant.organisationId, name: grant.organisationName } : null;
    const mail =
      input.decision === "grant"
        ? await grantGrantedMail(deps.config, grant, service, organisation)
        : input.decision === "refuse"
          ? await grantRefusedMail(deps.config, grant, service, organisation, reason)
          : await grantRevokedMail(deps.config, grant, service, organisation, reason);
    await deps.mailer.queue(trx, grant.memberEmail ?? grant.accountEmail, mail);
  });
}
