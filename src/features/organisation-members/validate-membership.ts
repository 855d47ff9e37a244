import { membershipValidatedMail } from "../../core/organisations/member-mails.ts";
import { decideMembership, type MembershipDecisionDeps, type MembershipDecisionInput } from "./decide-membership.ts";

/**
 * «Valider»: accepts a pending request to join the organisation; the member is told by e-mail that
 * it is «validée». Throws NotFoundError (actor not an administrator of the organisation, membership
 * of another one), MembershipDecisionError (already decided).
 */
export async function validateMembership(deps: MembershipDecisionDeps, input: MembershipDecisionInput) {
  return decideMembership(deps, input, {
    action: "validate",
    mail: ({ config, member, organisation }) => membershipValidatedMail(config, member, organisation),
  });
}
