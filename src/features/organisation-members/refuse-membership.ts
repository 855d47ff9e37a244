import { membershipRefusedMail } from "../../core/organisations/member-mails.ts";
import { checkReason, decideMembership, type MembershipDecisionDeps, type MembershipDecisionInput } from "./decide-membership.ts";

/**
 * «Refuser»: turns down a pending request to join the organisation; the member is told by e-mail,
 * with the reason when one is given. Throws NotFoundError (actor not an administrator of the
 * organisation, membership of another one), MembershipDecisionError (already decided), FormError
 * (reason over 500 characters).
 */
export async function refuseMembership(deps: MembershipDecisionDeps, input: MembershipDecisionInput & { reason?: string }) {
  const reason = checkReason(input.reason);
  return decideMembership(deps, { ...input, reason }, {
    action: "refuse",
    mail: ({ config, member, organisation, reason }) => membershipRefusedMail(config, member, organisation, reason),
  });
}
