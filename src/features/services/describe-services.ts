import type { Db } from "../../platform/db/database.ts";
import type { Grant, Service } from "../../platform/db/schema.ts";
import { decideServiceAccess, grantContext, type ServiceAccess } from "../../core/organisations/service-access.ts";
import { activeServices } from "../../core/organisations/service-catalogue.ts";
import { grantSituation, loadRequestContext, type GrantSituation, type RequestContext } from "./grant-situation.ts";
import { CODE_MAX_ATTEMPTS } from "../../core/organisations/activation-code.ts";
import { listCodesOf } from "../../core/organisations/queries/administrators.ts";
import { findDashboardState, findGrantInContext, listGrantsOfAccount } from "../../core/organisations/queries/services.ts";

function grantFor(grants: Grant[], service: Service, organisationId: string | null) {
  const context = grantContext(service, organisationId);
  return grants.find((grant) => grant.serviceId === service.id && grant.organisationId === context) ?? null;
}

export interface CatalogueEntry {
  service: Service;
  situation: GrantSituation;
}

/**
 * "Voir tous les services": every active service with the person's situation in the organisation
 * they act for. "Mes services" are the granted ones.
 */
export async function describeCatalogue(db: Db, input: { accountId: string; currentOrganisationId: string | null }) {
  const services = await activeServices(db);
  const grants = await listGrantsOfAccount(db, input.accountId);
  const context = await loadRequestContext(db, { accountId: input.accountId, organisationId: input.currentOrganisationId });
  const entries: CatalogueEntry[] = services.map((service) => ({
    service,
    situation: grantSituation(service, context, grantFor(grants, service, context.organisation?.id ?? null)),
  }));
  return { context, entries };
}

export type Catalogue = Awaited<ReturnType<typeof describeCatalogue>>;

/** "Demande d'habilitation": the person's situation for one service, in the organisation they act for. */
export async function describeGrantRequest(db: Db, input: { accountId: string; service: Service; currentOrganisationId: string | null; now: Date }): Promise<GrantSituation> {
  const { service, now } = input;
  const context = await loadRequestContext(db, { accountId: input.accountId, organisationId: grantContext(service, input.currentOrganisationId) });
  if (service.requiresOrganisation && !context.organisation) return grantSituation(service, context, null);
  const grant = await findGrantInContext(db, { serviceId: service.id, accountId: input.accountId, organisationId: service.requiresOrganisation ? (context.organisation?.id ?? null) : null });
  const situation = grantSituation(service, context, grant ?? null);
  if (situation.kind === "pending" && situation.route === "first_member" && situation.organisation) {
    // Once the role is accepted the page says so, rather than offering it again (issue 13).
    const [latest] = await listCodesOf(db, situation.organisation.id, input.accountId);
    return { ...situation, roleAccepted: latest !== undefined && latest.usedAt === null && latest.cancelledAt === null && latest.expiresAt > now && latest.attempts < CODE_MAX_ATTEMPTS };
  }
  return situation;
}

export interface DashboardTile {
  service: Service;
  /** Whether the tile opens the service now, or what stands in the way (terms to accept…). */
  access: ServiceAccess;
}

/** The person the dashboard greets: carried by the session (platform/sessions). */
export interface DashboardPerson {
  accountId: string;
  civility: string;
  lastName: string;
}

/**
 * "Tableau de bord": the greeting, a tile per service granted in the organisation the person acts
 * for (saying when its terms must be accepted first), and their requests still waiting or turned
 * down in that organisation. The person comes with the session, the services from memory
 * (service-catalogue.ts), the rest in one query.
 */
export async function describeDashboard(db: Db, input: { person: DashboardPerson; currentOrganisationId: string | null }) {
  const { person } = input;
  const services = await activeServices(db);
  // Acting for no organisation, when every service asks for one, no tile or request is shown:
  // the grants and the membership are not read (most people's dashboard).
  const state =
    input.currentOrganisationId === null && services.every((service) => service.requiresOrganisation)
      ? { membership: null, grants: [] }
      : await findDashboardState(db, { accountId: person.accountId, organisationId: input.currentOrganisationId });
  const { membership } = state;
  const organisationId = membership?.id ?? null;
  const grants = state.grants.map((entry) => entry.grant);
  const tiles: DashboardTile[] = [];
  const requests: { service: Service; grant: Grant }[] = [];
  for (const service of services) {
    if (service.requiresOrganisation && !organisationId) continue;
    const grant = grantFor(grants, service, organisationId);
    if (grant?.status === "granted") {
      const accepted = state.grants.find((entry) => entry.grant === grant)?.acceptedTermsVersion ?? null;
      const access = decideServiceAccess(service, {
        organisationId,
        membership: membership?.status === "active" ? membership : null,
        grant,
        termsAccepted: accepted !== null && accepted >= service.termsVersion,
      });
      tiles.push({ service, access });
    } else if (grant) requests.push({ service, grant });
  }
  return {
    person,
    organisation: membership ? { id: membership.id, name: membership.name } : null,
    membership: membership ? { status: membership.status } : null,
    tiles,
    requests,
  };
}

export type Dashboard = Awaited<ReturnType<typeof describeDashboard>>;
export type { RequestContext };
