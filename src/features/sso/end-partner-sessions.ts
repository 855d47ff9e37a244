import type Provider from "oidc-provider";
import type { Client } from "oidc-provider";
import type { Deps } from "../../platform/http/deps.ts";
import { oidcProvider } from "./provider.ts";
import * as queries from "./queries.ts";

interface Authorization {
  sid?: string;
  grantId?: string;
}

/**
 * Logging out of Guichet ends the person's partner sessions: their provider sessions and the
 * grants issued under them are deleted, and each partner that registered a back-channel logout
 * address is told (a logout token per partner session). A partner that does not answer is
 * logged, never an obstacle to the logout.
 */
export async function endPartnerSessions(deps: Pick<Deps, "db" | "log">, provider: Provider, accountId: string): Promise<void> {
  const sessions = await queries.listProviderSessionsOfAccount(deps.db, accountId, new Date());
  const notices: Promise<void>[] = [];
  for (const session of sessions) {
    const authorizations = (session.payload.authorizations ?? {}) as Record<string, Authorization>;
    for (const [clientId, authorization] of Object.entries(authorizations)) {
      const client = await findClient(provider, clientId);
      if (client?.backchannelLogoutUri && authorization.sid) {
        const logout = (client as Client & { backchannelLogout(sub: string, sid: string): Promise<void> }).backchannelLogout(accountId, authorization.sid);
        notices.push(logout.catch((error: unknown) => deps.log.warn({ err: error, clientId }, "back-channel logout failed")));
      }
      if (authorization.grantId) {
        await queries.destroyPayloadsOfGrant(deps.db, authorization.grantId);
        await queries.destroyPayload(deps.db, "Grant", authorization.grantId);
      }
    }
    await queries.destroyPayload(deps.db, "Session", session.id);
  }
  await Promise.all(notices);
  // Expired records are no use to anyone: a logout is a good moment to clear them.
  await queries.deleteExpiredPayloads(deps.db, new Date());
}

async function findClient(provider: Provider, clientId: string): Promise<Client | undefined> {
  try {
    return await provider.Client.find(clientId);
  } catch {
    // A client deleted or made invalid meanwhile has nobody to notify.
    return undefined;
  }
}

/** For Guichet's logout (src/features/login/log-out.ts): the same, with the portal's provider. */
export async function endPartnerSessionsOfAccount(deps: Deps, accountId: string): Promise<void> {
  await endPartnerSessions(deps, await oidcProvider(deps), accountId);
}
