import type { Db } from "../../platform/db/database.ts";
import type { Grant, Service } from "../../platform/db/schema.ts";

/** Why a person may not open a service yet; each has its explanation page. */
export type AccessRefusal =
  /** The service needs an organisation and the person acts for none (or is not yet validated in it). */
  | "organisation_required"
  /** The service needs the person's function within the organisation, not filled in. */
  | "function_required"
  /** No grant, or one pending, refused or revoked. */
  | "not_granted"
  /** Granted, but the current version of the service's terms has not been accepted. */
  | "terms_not_accepted";

export type ServiceAccess =
  | { allowed: true; service: Service; grant: Grant; organisation: { id: string; siret: string; clientNumber: string | null; name: string } | null }
  | { allowed: false; service: Service; reason: AccessRefusal; grant: Grant | null };

/**
 * Whether a person may open a service now, acting for an organisation (or none). Used by the
 * dashboard's tiles and by single sign-on, which stops the person at Guichet when not allowed.
 */
export async function serviceAccess(
  db: Db,
  input: { accountId: string; service: Service; organisationId: string | null },
): Promise<ServiceAccess> {
  const { service } = input;
  let organisation: { id: string; siret: string; clientNumber: string | null; name: string } | null = null;
  if (service.requiresOrganisation) {
    if (!input.organisationId) return { allowed: false, service, reason: "organisation_required", grant: null };
    const membership = await db
      .selectFrom("memberships")
      .innerJoin("organisations", "organisations.id", "memberships.organisationId")
      .select(["organisations.id", "organisations.siret", "organisations.clientNumber", "organisations.name", "memberships.function"])
      .where("memberships.organisationId", "=", input.organisationId)
      .where("memberships.accountId", "=", input.accountId)
      .where("memberships.status", "=", "active")
      .executeTakeFirst();
    if (!membership) return { allowed: false, service, reason: "organisation_required", grant: null };
    if (service.requiresFunction && !membership.function) return { allowed: false, service, reason: "function_required", grant: null };
    organisation = { id: membership.id, siret: membership.siret, clientNumber: membership.clientNumber, name: membership.name };
  }
  let query = db.selectFrom("grants").selectAll().where("serviceId", "=", service.id).where("accountId", "=", input.accountId);
  query = organisation ? query.where("organisationId", "=", organisation.id) : query.where("organisationId", "is", null);
  const grant = (await query.executeTakeFirst()) ?? null;
  if (!grant || grant.status !== "granted") return { allowed: false, service, reason: "not_granted", grant };
  const accepted = await db
    .selectFrom("termsAcceptances")
    .select("acceptedAt")
    .where("accountId", "=", input.accountId)
    .where("serviceId", "=", service.id)
    .where("termsVersion", "=", service.termsVersion)
    .executeTakeFirst();
  if (!accepted) return { allowed: false, service, reason: "terms_not_accepted", grant };
  return { allowed: true, service, grant, organisation };
}
