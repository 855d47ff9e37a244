import * as oidc from "openid-client";
import { MINUTE } from "../../platform/clock.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { findFranceConnectIdToken } from "../../platform/sessions/queries.ts";
import { franceConnectClient, postLogoutRedirectUri } from "./client.ts";
import { FranceConnectUnavailable } from "./errors.ts";
import { sealTicket } from "./tickets.ts";

/**
 * Logout hook (features/index.ts): a session opened or linked by FranceConnect leaves Guichet
 * through FranceConnect's end_session (id_token_hint, state, post_logout_redirect_uri), so the
 * FranceConnect session ends too. Read before the session is closed. Undefined, and the logout
 * goes on as usual, when the session has no id_token or FranceConnect is unreachable.
 */
export async function franceConnectLogoutAddress(deps: Deps, session: { sessionId: string }): Promise<string | undefined> {
  if (!deps.config.franceConnect) return undefined;
  const idToken = await findFranceConnectIdToken(deps.db, session.sessionId);
  if (!idToken) return undefined;
  try {
    const client = await franceConnectClient(deps.config.franceConnect);
    // The state comes back on our logged-out page, which only believes a state it signed.
    const state = await sealTicket(deps.db, "logout", new Date(deps.clock.now().getTime() + 10 * MINUTE));
    return oidc.buildEndSessionUrl(client, { id_token_hint: idToken, state, post_logout_redirect_uri: postLogoutRedirectUri(deps.config) }).href;
  } catch (error) {
    if (error instanceof FranceConnectUnavailable) {
      deps.log.warn("FranceConnect unreachable at logout: its session is left to expire");
      return undefined;
    }
    throw error;
  }
}
