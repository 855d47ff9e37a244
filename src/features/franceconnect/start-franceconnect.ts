import * as oidc from "openid-client";
import { MINUTE } from "../../platform/clock.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { franceConnectClient, PIVOT_SCOPE, redirectUri } from "./client.ts";
import { sealTicket } from "./tickets.ts";

/** What the callback needs to check FranceConnect's answer, carried in a signed cookie. */
export interface Flow {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** A login (or an account's creation), or linking the signed-in account. */
  purpose: "login" | "link";
  /** The signed-in account, when linking. */
  accountId: string | null;
}

export const FLOW_LIFETIME_MS = 10 * MINUTE;

/**
 * "S'identifier avec FranceConnect" (or "Relier FranceConnect" from "Mon compte"): the address of
 * FranceConnect's authorisation page — code flow with PKCE, state, nonce, eidas1 — and the
 * signed ticket holding what the callback must check.
 */
export async function startFranceConnect(deps: Deps, input: { purpose: Flow["purpose"]; accountId: string | null }): Promise<{ url: string; ticket: string }> {
  if (!deps.config.franceConnect) throw new Error("FranceConnect is not configured");
  const client = await franceConnectClient(deps.config.franceConnect);
  const flow: Flow = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), ...input };
  const url = oidc.buildAuthorizationUrl(client, {
    redirect_uri: redirectUri(deps.config),
    scope: PIVOT_SCOPE,
    state: flow.state,
    nonce: flow.nonce,
    acr_values: "eidas1",
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
    code_challenge_method: "S256",
  });
  const ticket = await sealTicket(deps.db, flow, new Date(deps.clock.now().getTime() + FLOW_LIFETIME_MS));
  return { url: url.href, ticket };
}
