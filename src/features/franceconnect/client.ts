import * as oidc from "openid-client";
import type { Config, FranceConnectConfig } from "../../platform/config.ts";
import { FranceConnectUnavailable } from "./errors.ts";

/** FranceConnect's identity pivot, each claim asked for by its own scope (as FranceConnect v2 does). */
export const PIVOT_SCOPE = "openid given_name family_name birthdate gender birthplace birthcountry email preferred_username";

/** Levels of guarantee accepted back: Guichet asks for eidas1, a higher one does too. */
export const ACCEPTED_ACR = ["eidas1", "eidas2", "eidas3"];

// A person waits on these calls: better a clear page after 5 seconds than a hanging one.
const TIMEOUT_SECONDS = 5;

const configurations = new Map<string, Promise<oidc.Configuration>>();

export function redirectUri(config: Pick<Config, "publicUrl">) {
  return `${config.publicUrl}/franceconnect/retour`;
}

export function postLogoutRedirectUri(config: Pick<Config, "publicUrl">) {
  return `${config.publicUrl}/franceconnect/deconnecte`;
}

/**
 * The OpenID Connect client for FranceConnect, discovered on first use and kept; a failed
 * discovery (FranceConnect unreachable) is forgotten, so the next person's click tries again.
 */
export async function franceConnectClient(config: FranceConnectConfig): Promise<oidc.Configuration> {
  const key = `${config.issuer}\n${config.clientId}\n${config.clientSecret}`;
  let configuration = configurations.get(key);
  if (!configuration) {
    configuration = discover(config);
    configurations.set(key, configuration);
    configuration.catch(() => configurations.delete(key));
  }
  try {
    return await configuration;
  } catch {
    throw new FranceConnectUnavailable();
  }
}

async function discover(config: FranceConnectConfig): Promise<oidc.Configuration> {
  const issuer = new URL(config.issuer);
  const configuration = await oidc.discovery(
    issuer,
    config.clientId,
    // FranceConnect v2 signs the id_token and answers userinfo as a signed JWT (alg chosen in the partner's space).
    { client_secret: config.clientSecret, id_token_signed_response_alg: "RS256", userinfo_signed_response_alg: "RS256" },
    oidc.ClientSecretPost(config.clientSecret),
    // Production requires an https issuer (config.ts); the local stand-in runs over http.
    { timeout: TIMEOUT_SECONDS, ...(issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : {}) },
  );
  // Signatures checked even on the back channel: the id_token from the token endpoint, the userinfo JWT.
  oidc.enableNonRepudiationChecks(configuration);
  return configuration;
}

/** A network failure or a timeout, as opposed to an answer that fails a check. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"));
}
