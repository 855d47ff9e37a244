import { membershipReactivatedMail } from "../../core/organisations/member-mails.ts";
import { decideMembership, type MembershipDecisionDeps, type MembershipDecisionInput } from "./decide-membership.ts";

/**
 * «Réactiver»: gives a deactivated member back their place in the organisation (not a former
 * administrator's role); they are told by e-mail. Throws NotFoundError (actor not an administrator
 * of the organisation, membership of another one), MembershipDecisionError (not deactivated).
 */
export async function reactivateMembership(deps: MembershipDecisionDeps, input: MembershipDecisionInput) {
  return decideMembership(deps, input, {
    action: "reactivate",
    mail: ({ config, member, organisation }) => membershipReactivatedMail(config, member, organisation),
  });
}
