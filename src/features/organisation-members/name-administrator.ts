import { administratorNamedMail } from "../../core/organisations/member-mails.ts";
import { decideMembership, type MembershipDecisionDeps, type MembershipDecisionInput } from "./decide-membership.ts";

/**
 * «Nommer administrateur»: gives an active member the administrator's role of the organisation;
 * they are told by e-mail. Throws NotFoundError (actor not an administrator of the organisation,
 * membership of another one), MembershipDecisionError (not active, or already administrator).
 */
export async function nameAdministrator(deps: MembershipDecisionDeps, input: MembershipDecisionInput) {
  return decideMembership(deps, input, {
    action: "nameAdministrator",
    mail: ({ config, member, organisation }) => administratorNamedMail(config, member, organisation),
  });
}
