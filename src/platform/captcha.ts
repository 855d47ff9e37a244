import { createHmac, randomBytes } from "node:crypto";
import { storedSecret } from "./security/app-secrets.ts";
import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import type { Clock } from "./clock.ts";
import type { Db } from "./db/database.ts";
import { deleteExpiredCaptchas, markCaptchaUsed } from "./captcha/queries.ts";

/**
 * ALTCHA proof-of-work captcha: self-hosted, no third party, no tracking. The browser widget
 * fetches a challenge from GET /captcha/challenge, solves it and posts the solution in the
 * `altcha` form field; the server checks it once.
 */
export interface Captcha {
  /** A fresh signed challenge, as the widget expects it (JSON). */
  createChallenge(): Promise<unknown>;
  /**
   * True when the payload solves a challenge we signed, not expired and never used before; false
   * for any payload that does not. Throws when the database cannot be read (not the user's fault).
   */
  verify(payload: string): Promise<boolean>;
}

/** How long a challenge stays valid: long enough to fill in a long form after solving it. */
export const CAPTCHA_LIFETIME_MS = 20 * 60_000;

const SECRET_NAME = "captcha_hmac_key";
const ALGORITHM = "PBKDF2/SHA-256";
// PBKDF2 iterations per attempt, and the range of attempts the solver must make (the widget
// splits them over up to 4 workers): about 0.1 s on a desktop, a second or two on an old phone.
const COST = 1_000;
const MIN_ATTEMPTS = 1_000;
const MAX_ATTEMPTS = 2_500;
// A payload is a few hundred characters; anything much longer is not ours.
const MAX_PAYLOAD_LENGTH = 4_096;

export function createCaptcha(deps: { db: Db; clock: Clock }): Captcha {
  const { db, clock } = deps;
  let secrets: Promise<{ signature: string; key: string }> | undefined;

  // Several processes share one key: the first to start writes it, the others read that one.
  const loadSecrets = () => {
    secrets ??= (async () => {
      const signature = await storedSecret(db, SECRET_NAME, () => randomBytes(32).toString("hex"));
      // The derived-key signature gets its own secret, derived so that one stored key suffices.
      return { signature, key: createHmac("sha256", signature).update("altcha-key-signature").digest("hex") };
    })().catch((error: unknown) => {
      secrets = undefined;
      throw error;
    });
    return secrets;
  };

  return {
    async createChallenge() {
      const { signature, key } = await loadSecrets();
      // Expiry is checked against the injected clock, not by the library (which reads the
      // system time), so it travels in the signed data rather than in `expiresAt`.
      const expires = Math.floor((clock.now().getTime() + CAPTCHA_LIFETIME_MS) / 1000);
      return createChallenge({
        algorithm: ALGORITHM,
        cost: COST,
        counter: randomInt(MAX_ATTEMPTS, MIN_ATTEMPTS),
        deriveKey,
        data: { expires },
        hmacSignatureSecret: signature,
        hmacKeySignatureSecret: key,
      });
    },

    async verify(payload) {
      const parsed = parsePayload(payload);
      if (!parsed) return false;
      const { challenge, solution } = parsed;
      const expires = challenge.parameters.data?.expires;
      const now = clock.now();
      if (typeof expires !== "number" || expires * 1000 <= now.getTime()) return false;
      if (challenge.parameters.algorithm !== ALGORITHM || !challenge.parameters.keySignature || !challenge.signature) return false;
      // Reading the key and recording the use hit the database: their errors (a database
      // restart) propagate, so the user is told the service is unavailable, not that they failed.
      const { signature, key } = await loadSecrets();
      let verified: boolean;
      try {
        const result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: signature, hmacKeySignatureSecret: key });
        verified = result.verified;
      } catch {
        // A payload crafted to break the library (odd hex, huge counter…) is simply refused.
        return false;
      }
      if (!verified) return false;
      // Single use: the insert succeeds for the first submission only, even under concurrency.
      const firstUse = await markCaptchaUsed(db, { signature: challenge.signature, expiresAt: new Date(expires * 1000) });
      // Rows outlive their challenge by no use: drop them while we are here.
      await deleteExpiredCaptchas(db, now);
      return firstUse;
    },
  };
}

/** Decodes the widget's base64 JSON payload; null for anything that does not have its shape. */
function parsePayload(payload: unknown): { challenge: Challenge; solution: Solution } | null {
  if (typeof payload !== "string" || payload.length === 0 || payload.length > MAX_PAYLOAD_LENGTH) return null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
  } catch {
    return null;
  }
  if (!isObject(decoded) || !isObject(decoded.challenge) || !isObject(decoded.solution)) return null;
  const { challenge, solution } = decoded;
  if (!isObject(challenge.parameters) || typeof challenge.signature !== "string") return null;
  const parameters = challenge.parameters;
  if (typeof parameters.nonce !== "string" || typeof parameters.salt !== "string" || typeof parameters.keyPrefix !== "string") return null;
  if (parameters.data !== undefined && !isObject(parameters.data)) return null;
  if (typeof solution.counter !== "number" || typeof solution.derivedKey !== "string") return null;
  return { challenge: challenge as unknown as Challenge, solution: solution as unknown as Solution };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
