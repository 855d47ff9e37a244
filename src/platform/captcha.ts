import type { Clock } from "./clock.ts";
import type { Db } from "./db/database.ts";

/**
 * ALTCHA proof-of-work captcha: self-hosted, no third party, no tracking. The browser widget
 * fetches a challenge from GET /captcha/challenge, solves it and posts the solution in the
 * `altcha` form field; the server checks it once.
 */
export interface Captcha {
  /** A fresh signed challenge, as the widget expects it (JSON). */
  createChallenge(): Promise<unknown>;
  /** True when the payload solves a challenge we signed, not expired and never used before. */
  verify(payload: string): Promise<boolean>;
}

export function createCaptcha(_deps: { db: Db; clock: Clock }): Captcha {
  return {
    createChallenge: async () => {
      throw new Error("captcha: implementation in progress");
    },
    verify: async () => false,
  };
}
