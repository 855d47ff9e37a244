import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../../platform/db/database.ts";
import { storedSecret } from "../../platform/security/app-secrets.ts";

/** What the provider must keep across restarts and share between processes. */
export interface OidcSecrets {
  /** The private signing key (RS256) as a JWK: ID tokens and logout tokens stay verifiable after a restart. */
  signingKey: Record<string, unknown>;
  /** Keys of oidc-provider's signed cookies. */
  cookieKeys: string[];
  /** Salt of the pairwise subject identifiers: without it, a sub could be recomputed from an account id. */
  pairwiseSalt: string;
}

const names = { signingKey: "oidc_signing_key", cookieKey: "oidc_cookie_key", pairwiseSalt: "oidc_pairwise_salt" };

/**
 * Reads the provider's secrets, creating each once: the first process to start writes it, the
 * others read that one (as the captcha key does).
 */
export async function loadOidcSecrets(db: Db): Promise<OidcSecrets> {
  const signingKey = await storedSecret(db, names.signingKey, () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return JSON.stringify({ ...privateKey.export({ format: "jwk" }), kid: randomUUID(), use: "sig", alg: "RS256" });
  });
  const cookieKey = await storedSecret(db, names.cookieKey, () => randomBytes(32).toString("base64url"));
  const pairwiseSalt = await storedSecret(db, names.pairwiseSalt, () => randomBytes(32).toString("base64url"));
  return { signingKey: JSON.parse(signingKey) as Record<string, unknown>, cookieKeys: [cookieKey], pairwiseSalt };
}

