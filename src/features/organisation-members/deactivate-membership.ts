import { membershipDeactivatedMail } from "../../core/organisations/member-mails.ts";
import { checkReason, decideMembership, type MembershipDecisionDeps, type MembershipDecisionInput } from "./decide-membership.ts";

/**
 * «Désactiver»: ends an active member's access to the organisation, and their administrator's role
 * if they had it (never the last administrator's). The member is told by e-mail, with the reason
 * when one is given. Throws NotFoundError (actor not an administrator of the organisation,
 * membership of another one), MembershipDecisionError (not active), LastAdministratorError,
 * FormError (reason over 500 characters).
 */
export async function deactivateMembership(deps: MembershipDecisionDeps, input: MembershipDecisionInput & { reason?: string }) {
  const reason = checkReason(input.reason);
  return decideMembership(deps, { ...input, reason }, {
    action: "deactivate",
    mail: ({ config, member, organisation, reason }) => membershipDeactivatedMail(config, member, organisation, reason),
  });
}
