import * as oidc from "openid-client";
import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { consumeTicket, TicketAlreadyUsed } from "../../platform/security/app-secrets.ts";
import { ACCEPTED_ACR, franceConnectClient, isUnreachable, redirectUri } from "./client.ts";
import { FranceConnectProblem, FranceConnectUnavailable } from "./errors.ts";
import { readPivot, type PivotIdentity } from "./pivot.ts";
import type { Flow } from "./start-franceconnect.ts";
import { openTicket, ticketExpiry } from "./tickets.ts";

/** FranceConnect's answer once every check passed: who the person is, for what they came. */
export interface FranceConnectAnswer {
  purpose: Flow["purpose"];
  accountId: string | null;
  /** FranceConnect's "sub" for Guichet. */
  subject: string;
  identity: PivotIdentity;
  /** Kept with the session: logging out of Guichet ends the FranceConnect session with it. */
  idToken: string;
}

/**
 * FranceConnect's callback. The flow's ticket must be ours, unexpired, unused and for this
 * `state`; it is used up before anything else, so a replayed callback is refused. Then the code
 * is exchanged (PKCE), the id_token checked (signature, issuer, audience, nonce, expiry, acr) and
 * the userinfo JWT too (signature, issuer, audience, same subject).
 */
export async function completeFranceConnect(deps: Deps, input: { ticket: string | undefined; query: URLSearchParams }, context: { ip: string }): Promise<FranceConnectAnswer> {
  const refuse = async (reason: string, error?: unknown) => {
    if (error) deps.log.info({ err: error }, "FranceConnect answer refused");
    await audit(deps.db, deps.clock, { event: "franceconnect.login_refused", ip: context.ip, details: { reason } });
    return new FranceConnectProblem("failed");
  };
  const flow = await openTicket<Flow>(deps.db, input.ticket, deps.clock.now());
  if (!flow || !input.ticket) throw new FranceConnectProblem("expired");
  if (input.query.get("state") !== flow.state) throw await refuse("state_mismatch");
  try {
    await consumeTicket(deps.db, input.ticket, ticketExpiry(input.ticket));
  } catch (error) {
    if (error instanceof TicketAlreadyUsed) throw await refuse("replayed_callback");
    throw error;
  }
  const error = input.query.get("error");
  if (error === "access_denied") throw new FranceConnectProblem("cancelled");
  if (error !== null) throw await refuse(`error:${error.slice(0, 50)}`);

  const config = deps.config.franceConnect;
  if (!config) throw new FranceConnectUnavailable();
  const client = await franceConnectClient(config);
  const callback = new URL(redirectUri(deps.config));
  callback.search = input.query.toString();
  try {
    const tokens = await oidc.authorizationCodeGrant(client, callback, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw await refuse("no_id_token");
    if (typeof claims.acr !== "string" || !ACCEPTED_ACR.includes(claims.acr)) throw await refuse("acr");
    const userinfo = await oidc.fetchUserInfo(client, tokens.access_token, claims.sub);
    const identity = readPivot(userinfo);
    if (!identity) throw await refuse("pivot_identity");
    return { purpose: flow.purpose, accountId: flow.accountId, subject: claims.sub, identity, idToken: tokens.id_token };
  } catch (failure) {
    if (failure instanceof FranceConnectProblem) throw failure;
    if (isUnreachable(failure)) {
      deps.log.warn({ err: failure }, "FranceConnect unreachable");
      throw new FranceConnectUnavailable();
    }
    throw await refuse("token_or_userinfo", failure);
  }
}
