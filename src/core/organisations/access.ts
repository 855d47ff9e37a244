import type { FastifyRequest } from "fastify";
import { sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { findMembershipWithOrganisation, type MembershipWithOrganisation } from "./queries/organisations.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * The organisation of an `/structures/:organisationId/…` page, seen by the signed-in person.
 * Anyone who does not belong to it gets 404, as for an organisation that does not exist: its
 * pages' existence is nobody else's business. `admin` pages also answer 404 to plain members.
 * Call behind `requireAccount`.
 */
export async function organisationOfRequest(
  deps: Pick<Deps, "db">,
  request: FastifyRequest,
  organisationId: unknown,
  need: { admin?: boolean; active?: boolean } = {},
): Promise<MembershipWithOrganisation> {
  if (!isUuid(organisationId)) throw new NotFoundError();
  const statuses = need.admin || need.active ? (["active"] as const) : (["pending", "active"] as const);
  const membership = await findMembershipWithOrganisation(deps.db, organisationId, sessionOf(request).accountId, [...statuses]);
  if (!membership || (need.admin && !membership.isAdmin)) throw new NotFoundError();
  return membership;
}
