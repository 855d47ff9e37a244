import { administratorRemovedMail } from "../../core/organisations/member-mails.ts";
import { decideMembership, type MembershipDecisionDeps, type MembershipDecisionInput } from "./decide-membership.ts";

/**
 * «Retirer le rôle d'administrateur»: takes the role back from an administrator, oneself included,
 * who stays a member; never from the last one. They are told by e-mail. Throws NotFoundError (actor
 * not an administrator of the organisation, membership of another one), MembershipDecisionError
 * (not an administrator), LastAdministratorError.
 */
export async function removeAdministrator(deps: MembershipDecisionDeps, input: MembershipDecisionInput) {
  return decideMembership(deps, input, {
    action: "removeAdministrator",
    mail: ({ config, member, organisation }) => administratorRemovedMail(config, member, organisation),
  });
}
