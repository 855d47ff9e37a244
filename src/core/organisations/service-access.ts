import type { Db } from "../../platform/db/database.ts";
import type { Grant, Service } from "../../platform/db/schema.ts";
import { findGrantInContext, findServiceBySlug, findTermsAcceptance } from "./queries/services.ts";
import { findActiveMembershipWithOrganisation } from "./queries/organisations.ts";

/** Why a person may not open a service yet; each has its explanation page. */
export type AccessRefusal =
  /** A platform admin deactivated the service: nobody opens it. */
  | "service_inactive"
  /** The service needs an organisation and the person acts for none (or is not yet validated in it). */
  | "organisation_required"
  /** The service needs the person's function within the organisation, not filled in. */
  | "function_required"
  /** No grant, or one pending, refused or revoked. */
  | "not_granted"
  /** Granted, but the current version of the service's terms has not been accepted. */
  | "terms_not_accepted";

export interface AccessOrganisation {
  id: string;
  siret: string;
  clientNumber: string | null;
  name: string;
}

export type ServiceAccess =
  | { allowed: true; service: Service; grant: Grant; organisation: AccessOrganisation | null }
  | { allowed: false; service: Service; reason: AccessRefusal; grant: Grant | null };

/** What `decideServiceAccess` weighs, read by `serviceAccess` one by one or by the dashboard in one query. */
export interface AccessFacts {
  /** The organisation the person acts for, or none. */
  organisationId: string | null;
  /** Their active membership of it, with the organisation (null when not active or none). */
  membership: (AccessOrganisation & { function: string | null }) | null;
  /** Their grant for the service in that organisation (or outside any, for services that need none). */
  grant: Grant | null;
  /** Whether they accepted the current version of the service's terms. */
  termsAccepted: boolean;
}

/**
 * Whether a person may open a service now, acting for an organisation (or none). The checks run
 * in the order the person can fix them: organisation, function, grant, then terms (accepted
 * last, right before the first use).
 */
export function decideServiceAccess(service: Service, facts: AccessFacts): ServiceAccess {
  if (!service.active) return { allowed: false, service, reason: "service_inactive", grant: null };
  let organisation: AccessOrganisation | null = null;
  if (service.requiresOrganisation) {
    const membership = facts.organisationId ? facts.membership : null;
    if (!membership) return { allowed: false, service, reason: "organisation_required", grant: null };
    if (service.requiresFunction && !membership.function) return { allowed: false, service, reason: "function_required", grant: null };
    organisation = { id: membership.id, siret: membership.siret, clientNumber: membership.clientNumber, name: membership.name };
  }
  const { grant } = facts;
  if (!grant || grant.status !== "granted") return { allowed: false, service, reason: "not_granted", grant };
  if (!facts.termsAccepted) return { allowed: false, service, reason: "terms_not_accepted", grant };
  return { allowed: true, service, grant, organisation };
}

/**
 * `decideServiceAccess` for one service, each fact read only when the ones before it let the
 * person through. Used by "/services/:slug/ouvrir" and by single sign-on, which stops the person
 * at Guichet when not allowed.
 */
export async function serviceAccess(
  db: Db,
  input: { accountId: string; service: Service; organisationId: string | null },
): Promise<ServiceAccess> {
  const { service, organisationId } = input;
  const facts: AccessFacts = { organisationId, membership: null, grant: null, termsAccepted: false };
  if (service.active && service.requiresOrganisation && organisationId)
    facts.membership = (await findActiveMembershipWithOrganisation(db, organisationId, input.accountId)) ?? null;
  const beforeGrant = decideServiceAccess(service, facts);
  if (beforeGrant.allowed || beforeGrant.reason !== "not_granted") return beforeGrant;
  facts.grant = (await findGrantInContext(db, { serviceId: service.id, accountId: input.accountId, organisationId: facts.membership?.id ?? null })) ?? null;
  if (facts.grant?.status === "granted")
    facts.termsAccepted = (await findTermsAcceptance(db, { accountId: input.accountId, serviceId: service.id, termsVersion: service.termsVersion })) !== undefined;
  return decideServiceAccess(service, facts);
}

/** The organisation a grant for this service is held in: the one acted for, or none for services that need none. */
export function grantContext(service: Pick<Service, "requiresOrganisation">, currentOrganisationId: string | null): string | null {
  return service.requiresOrganisation ? currentOrganisationId : null;
}

export type MemberGrant = { ok: true } | { ok: false; reason: "organisation_required" } | { ok: false; reason: "not_granted"; service: { slug: string; name: string } };

/**
 * The part of the rule above that acting for an organisation needs outside single sign-on (filing
 * an organisation's request, core/requests/policies.ts): an active member of the organisation,
 * holding there the granted grant to the service when one is named (and active). One rule, so
 * that a person refused a service is refused its procedures too.
 */
export async function memberGrant(db: Db, input: { accountId: string; organisationId: string | null; serviceSlug?: string | undefined }): Promise<MemberGrant> {
  if (!input.organisationId || !(await findActiveMembershipWithOrganisation(db, input.organisationId, input.accountId))) return { ok: false, reason: "organisation_required" };
  if (input.serviceSlug === undefined) return { ok: true };
  const service = await findServiceBySlug(db, input.serviceSlug);
  const grant = service?.active ? await findGrantInContext(db, { serviceId: service.id, accountId: input.accountId, organisationId: input.organisationId }) : undefined;
  if (grant?.status === "granted") return { ok: true };
  return { ok: false, reason: "not_granted", service: { slug: input.serviceSlug, name: service?.name ?? input.serviceSlug } };
}
