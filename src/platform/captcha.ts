import { createHmac, randomBytes } from "node:crypto";
import { storedSecret } from "./security/app-secrets.ts";
import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { audit } from "./audit.ts";
import { HOUR, type Clock } from "./clock.ts";
import type { Db } from "./db/database.ts";
import { countCaptchaWaits, deleteExpiredCaptchas, deleteExpiredCaptchaWaits, markCaptchaUsed, recordCaptchaWait } from "./captcha/queries.ts";
import { countedAddress, readWaitToken, signWaitToken, WAIT_TOKEN_PREFIX } from "./captcha/wait-token.ts";

/**
 * ALTCHA proof-of-work captcha: self-hosted, no third party, no tracking. The browser widget
 * fetches a challenge from GET /captcha/challenge, solves it and posts the solution in the
 * `altcha` form field; the server checks it once.
 *
 * Without JavaScript the widget cannot run: the field's `<noscript>` part then posts, in the same
 * `altcha` field, a signed "short wait" token issued with the page. It is accepted once, at least
 * WAIT_MIN_MS after the page was served and before WAIT_LIFETIME_MS, and at most
 * WAITS_PER_ADDRESS_PER_HOUR times per hour for the address the page was served to: a robot
 * that skips the proof of work gets a handful of submissions per hour and address, where the
 * proof of work lets it make many more at the price of its processor time.
 */
export interface Captcha {
  /** A fresh signed challenge, as the widget expects it (JSON). */
  createChallenge(): Promise<unknown>;
  /**
   * A "short wait" token for a page served now to this address (the plain-HTML path). `previous`:
   * the token the request posted, when the page is shown again after a refusal; the new token
   * keeps its time, so a person sent back is not made to wait again from the start.
   */
  waitToken(ip: string, previous?: string): Promise<string>;
  /**
   * Checks what the `altcha` field holds, once: the widget's solution, or a "short wait" token.
   * A token refused gets a French `message` saying why (too early, expired, too many…); a
   * refused solution gets none, each form saying how to tick the box. Throws when the database
   * cannot be read (not the user's fault).
   */
  check(payload: string): Promise<CaptchaCheck>;
  /** `check`, as a yes or no. */
  verify(payload: string): Promise<boolean>;
}

export type CaptchaCheck = { passed: true } | { passed: false; message?: string };

/** The shortest time between serving a page and accepting its "short wait" token. */
export const WAIT_MIN_MS = 5_000;
/** How long a "short wait" token is accepted: a long form filled in slowly still goes through. */
export const WAIT_LIFETIME_MS = 2 * HOUR;
/** Tokens accepted per hour for one address (an IPv4 address, an IPv6 /64). */
export const WAITS_PER_ADDRESS_PER_HOUR = 10;

export const WAIT_MESSAGES = {
  tooEarly: `Le formulaire a été envoyé très vite après l'affichage de la page. Par sécurité, patientez ${WAIT_MIN_MS / 1000} secondes, puis envoyez-le à nouveau.`,
  expired: "La page était ouverte depuis plus de 2 heures. Par sécurité, vérifiez votre saisie et envoyez à nouveau le formulaire.",
  used: "Ce formulaire a déjà été envoyé depuis cette page. Par sécurité, vérifiez votre saisie et envoyez-le à nouveau.",
  invalid: "La vérification anti-robot n'a pas abouti. Vérifiez votre saisie et envoyez à nouveau le formulaire.",
  tooMany:
    "Trop de formulaires ont été envoyés sans JavaScript depuis votre connexion internet au cours de la dernière heure. Par sécurité, réessayez dans une heure, ou activez JavaScript pour utiliser la case « Je ne suis pas un robot ».",
} as const;

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
  let secrets: Promise<{ signature: string; key: string; wait: string }> | undefined;

  // Several processes share one key: the first to start writes it, the others read that one.
  const loadSecrets = () => {
    secrets ??= (async () => {
      const signature = await storedSecret(db, SECRET_NAME, () => randomBytes(32).toString("hex"));
      // The derived-key signature gets its own secret, derived so that one stored key suffices.
      return {
        signature,
        key: createHmac("sha256", signature).update("altcha-key-signature").digest("hex"),
        wait: createHmac("sha256", signature).update("short-wait-token").digest("hex"),
      };
    })().catch((error: unknown) => {
      secrets = undefined;
      throw error;
    });
    return secrets;
  };

  const checkWait = async (payload: string): Promise<CaptchaCheck> => {
    const { wait } = await loadSecrets();
    const token = readWaitToken(wait, payload);
    if (!token) return { passed: false, message: WAIT_MESSAGES.invalid };
    const now = clock.now();
    const age = now.getTime() - token.issuedAt.getTime();
    if (age >= WAIT_LIFETIME_MS) return { passed: false, message: WAIT_MESSAGES.expired };
    // Not used up: sent again a little later, the same page goes through.
    if (age < WAIT_MIN_MS) return { passed: false, message: WAIT_MESSAGES.tooEarly };
    const address = countedAddress(token.ip);
    const hourAgo = new Date(now.getTime() - HOUR);
    const firstUse = await recordCaptchaWait(db, {
      signature: token.signature,
      ip: address,
      presentedAt: now,
      // Kept while the token could be replayed, and while it counts for its address.
      expiresAt: new Date(Math.max(token.issuedAt.getTime() + WAIT_LIFETIME_MS, now.getTime() + HOUR)),
    });
    await deleteExpiredCaptchaWaits(db, now);
    if (!firstUse) return { passed: false, message: WAIT_MESSAGES.used };
    // Counted after recording, so that submissions arriving together cannot all slip under the
    // limit; refused ones count too, so a robot that keeps trying stays refused.
    const presented = await countCaptchaWaits(db, address, hourAgo);
    const passed = presented <= WAITS_PER_ADDRESS_PER_HOUR;
    await audit(db, clock, { event: passed ? "captcha.wait_accepted" : "captcha.wait_refused", ip: token.ip, details: { address, presentedThisHour: presented } });
    return passed ? { passed: true } : { passed: false, message: WAIT_MESSAGES.tooMany };
  };

  const check = async (payload: string): Promise<CaptchaCheck> => {
    if (typeof payload === "string" && payload.startsWith(WAIT_TOKEN_PREFIX)) return checkWait(payload);
    return { passed: await verifySolved(payload) };
  };

  const verifySolved = async (payload: string): Promise<boolean> => {
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

    async waitToken(ip, previous) {
      const { wait } = await loadSecrets();
      const now = clock.now();
      // Carrying an old time over gives a robot nothing: it gets a ripe token by waiting a few
      // seconds once anyway. The hourly count per address is the limit.
      const earlier = previous === undefined ? null : readWaitToken(wait, previous);
      const age = earlier ? now.getTime() - earlier.issuedAt.getTime() : -1;
      const keep = earlier !== null && earlier.ip === ip && age >= 0 && age < WAIT_LIFETIME_MS;
      return signWaitToken(wait, { issuedAt: keep ? earlier.issuedAt : now, ip });
    },

    check,

    async verify(payload) {
      return (await check(payload)).passed;
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
