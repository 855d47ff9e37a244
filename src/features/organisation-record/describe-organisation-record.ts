import type { Db } from "../../platform/db/database.ts";
import type { MembershipWithOrganisation } from "../../core/organisations/queries/organisations.ts";
import { listRepresentatives } from "./queries.ts";

export type OrganisationRecord = Awaited<ReturnType<typeof describeOrganisationRecord>>;

/**
 * Everything "Ma structure" shows: the organisation as its member sees it (with the member's own
 * coordinates and status) and its representatives, the legal representative first. The
 * representatives' personal details are shown only to validated members: anyone who knows a
 * SIRET can ask to join.
 */
export async function describeOrganisationRecord(deps: { db: Db }, membership: MembershipWithOrganisation) {
  const representatives = membership.membershipStatus === "active" ? await listRepresentatives(deps.db, membership.id) : [];
  return { organisation: membership, representatives };
}
