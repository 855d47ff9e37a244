import type { Db } from "../../platform/db/database.ts";
import type { MembershipWithOrganisation } from "../organisations/queries.ts";
import { listRepresentatives } from "./queries.ts";

export type OrganisationRecord = Awaited<ReturnType<typeof describeOrganisationRecord>>;

/**
 * Everything "Ma structure" shows: the organisation as its member sees it (with the member's own
 * coordinates and status) and its representatives, the legal representative first.
 */
export async function describeOrganisationRecord(deps: { db: Db }, membership: MembershipWithOrganisation) {
  const representatives = await listRepresentatives(deps.db, membership.id);
  return { organisation: membership, representatives };
}
