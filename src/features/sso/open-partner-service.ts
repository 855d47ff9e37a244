import type Provider from "oidc-provider";
import type { InteractionResults } from "oidc-provider";
import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { serviceAccess, type ServiceAccess } from "../../core/organisations/service-access.ts";
import { GRANT_CONTEXT } from "./claims.ts";
import { GRANT_TTL_SECONDS } from "./provider.ts";
import * as queries from "./queries.ts";

export type PartnerSignIn =
  | { allowed: true; result: InteractionResults; serviceName: string }
  | { allowed: false; access: Extract<ServiceAccess, { allowed: false }>; organisationId: string | null };

/**
 * A signed-in person on their way to a partner service: checks the access rule for the
 * partner's service, acting for the session's current organisation. Allowed, it records the
 * authorisation (first-party partners: no consent screen) with the organisation when the person
 * is an active member of it, so that the claims carry it, and returns the interaction's result; otherwise it says why not.
 * Throws NotFoundError for a client that no longer exists.
 */
export async function openPartnerService(
  deps: Deps,
  provider: Provider,
  input: { accountId: string; organisationId: string | null; clientId: string; scope: string; ip: string },
): Promise<PartnerSignIn> {
  const service = await queries.findServiceOfClient(deps.db, input.clientId);
  if (!service) throw new NotFoundError();
  const access = await serviceAccess(deps.db, { accountId: input.accountId, service, organisationId: input.organisationId });
  if (!access.allowed) return { allowed: false, access, organisationId: input.organisationId };

  const grant = new provider.Grant({ accountId: input.accountId, clientId: input.clientId });
  grant.addOIDCScope(input.scope);
  const grantId = await grant.save();
  const organisationId = access.organisation?.id ?? (await activeOrganisationId(deps, input));
  await queries.upsertPayload(deps.db, {
    type: GRANT_CONTEXT,
    id: grantId,
    payload: { organisationId },
    // Deleted with the grant's codes and tokens (revokeByGrantId), and expires with it.
    grantId,
    userCode: null,
    uid: null,
    accountId: null,
    expiresAt: new Date(Date.now() + GRANT_TTL_SECONDS * 1000),
  });
  await audit(deps.db, deps.clock, {
    event: "oidc.signed_in",
    accountId: input.accountId,
    actorId: input.accountId,
    ip: input.ip,
    details: { clientId: input.clientId, serviceId: service.id, organisationId },
  });
  // Not remembered: the provider's cookie lasts as long as the browser session, like Guichet's.
  return { allowed: true, result: { login: { accountId: input.accountId, remember: false }, consent: { grantId } }, serviceName: service.name };
}

/**
 * For a service needing no organisation, the access rule does not look at the session's one,
 * which may be a pending (or no longer active) membership: it reaches the claims only when the
 * person is validated in it.
 */
async function activeOrganisationId(deps: Deps, input: { accountId: string; organisationId: string | null }): Promise<string | null> {
  if (!input.organisationId) return null;
  const organisation = await queries.findActiveOrganisationForClaims(deps.db, { accountId: input.accountId, organisationId: input.organisationId });
  return organisation?.id ?? null;
}
