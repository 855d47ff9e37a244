import type { Db } from "../../platform/db/database.ts";
import * as queries from "./queries.ts";

/** Guichet's record, beside oidc-provider's Grant, of the organisation the person acted for when signing in. */
export const GRANT_CONTEXT = "GuichetGrantContext";

export interface PartnerClaims {
  sub: string;
  family_name: string;
  given_name: string;
  civility: string;
  email: string;
  email_verified: boolean;
  organisation?: { siret: string; client_number: string | null; name: string };
  habilitations: { service: string; organisation_siret: string | null; granted_at: string }[];
  [key: string]: unknown;
}

/**
 * What a partner may learn about a person (oidc-provider then keeps the claims of the granted
 * scopes and replaces `sub` by the partner's pairwise subject): names, e-mail, the organisation
 * the person acted for when signing in (while still an active member of it), and their grant for
 * this partner's service only, as it stands now (a revoked grant, or a membership deactivated,
 * disappears at the next userinfo call).
 */
export async function partnerClaims(
  db: Db,
  input: { accountId: string; clientId: string | undefined; grantId: string | undefined },
): Promise<PartnerClaims | undefined> {
  const account = await queries.findAccountForClaims(db, input.accountId);
  if (!account || account.status !== "active") return undefined;
  const claims: PartnerClaims = {
    sub: account.id,
    family_name: account.lastName,
    given_name: account.firstName,
    civility: account.civility,
    email: account.email,
    // Holds for every active account: it became active by following a link mailed to its address
    // (activation after registration, by e-mail or by client number, or a password reset), and a
    // new address replaces it only through a link sent there. The exceptions are platform admins
    // created from the command line (the operator types the address) and development demo accounts.
    email_verified: true,
    habilitations: [],
  };
  const context = input.grantId ? await queries.findPayload(db, GRANT_CONTEXT, { id: input.grantId }, new Date()) : undefined;
  const organisationId = typeof context?.payload.organisationId === "string" ? context.payload.organisationId : null;
  // Checked again at each call: a membership deactivated (or removed) after the sign-in disappears.
  const organisation = organisationId ? await queries.findActiveOrganisationForClaims(db, { accountId: account.id, organisationId }) : undefined;
  if (organisation) claims.organisation = { siret: organisation.siret, client_number: organisation.clientNumber, name: organisation.name };

  const service = input.clientId ? await queries.findServiceOfClient(db, input.clientId) : undefined;
  // A grant held in an organisation counts only while the person is still active in it.
  const grantContext = service?.requiresOrganisation ? (organisation?.id ?? undefined) : null;
  if (service && grantContext !== undefined) {
    const grant = await queries.findLiveGrant(db, { accountId: account.id, serviceId: service.id, organisationId: grantContext });
    if (grant) {
      claims.habilitations.push({
        service: grant.slug,
        organisation_siret: grant.organisationId ? (organisation?.siret ?? null) : null,
        granted_at: (grant.decidedAt ?? grant.requestedAt).toISOString(),
      });
    }
  }
  return claims;
}
