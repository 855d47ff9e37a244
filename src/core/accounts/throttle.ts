import { DAY, MINUTE, type Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import * as queries from "./queries/login.ts";
import type { ThrottleRow } from "./queries/login.ts";

/**
 * Login throttling, per login typed (identifier or address, existing or not, so the behaviour
 * reveals nothing) and per IP. Growing delays, never a permanent lock that an attacker could
 * impose on a user; a captcha once a few failures have been seen.
 */
export const policy = {
  login: { captchaAfter: 3, delayAfter: 5 },
  ip: { captchaAfter: 10, delayAfter: 30 },
  /** Delay after the first blocking failure, doubled at each further failure, capped. */
  firstDelayMs: MINUTE,
  maxDelayMs: 60 * MINUTE,
  /** Failures older than this are forgotten. */
  forgetAfterMs: DAY,
};

export const loginKey = (normalizedLogin: string) => `login:${normalizedLogin}`;
export const ipKey = (ip: string) => `ip:${ip}`;

export interface ThrottleState {
  /** When set, no attempt is examined before this time. */
  blockedUntil: Date | null;
  captchaRequired: boolean;
  /** Recent failures on the login key: a success only has something to clear when it is not zero. */
  loginFailures: number;
}

export async function throttleState(deps: { db: Db; clock: Clock }, keys: { login: string; ip: string }): Promise<ThrottleState> {
  return stateOf(await queries.findThrottles(deps.db, [keys.login, keys.ip]), keys, deps.clock.now());
}

/** The state that throttle rows describe at a given time (rows already read by the caller). */
export function stateOf(rows: ThrottleRow[], keys: { login: string; ip: string }, now: Date): ThrottleState {
  const live = rows.filter((row) => now.getTime() - row.lastFailureAt.getTime() < policy.forgetAfterMs);
  const failures = (key: string) => live.find((row) => row.key === key)?.failures ?? 0;
  const blockedUntil = live
    .map((row) => row.blockedUntil)
    .filter((date): date is Date => date !== null && date > now)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    blockedUntil: blockedUntil ?? null,
    captchaRequired: failures(keys.login) >= policy.login.captchaAfter || failures(keys.ip) >= policy.ip.captchaAfter,
    loginFailures: failures(keys.login),
  };
}

/**
 * Records a failed attempt on both keys. Returns true when the login key has just become
 * blocked for the first time in this series (the owner is then warned by mail).
 */
export async function recordFailure(deps: { db: Db; clock: Clock }, keys: { login: string; ip: string }): Promise<boolean> {
  const now = deps.clock.now();
  const rows = await queries.findThrottles(deps.db, [keys.login, keys.ip]);
  let newlyBlocked = false;
  for (const [key, limits] of [
    [keys.login, policy.login],
    [keys.ip, policy.ip],
  ] as const) {
    const row = rows.find((candidate) => candidate.key === key);
    const fresh = row && now.getTime() - row.lastFailureAt.getTime() < policy.forgetAfterMs;
    const failures = (fresh ? row.failures : 0) + 1;
    const blocked = failures >= limits.delayAfter;
    const delay = Math.min(policy.firstDelayMs * 2 ** (failures - limits.delayAfter), policy.maxDelayMs);
    const notifiedAt = fresh ? row.notifiedAt : null;
    if (key === keys.login && blocked && !notifiedAt) newlyBlocked = true;
    await queries.saveThrottle(deps.db, {
      key,
      failures,
      lastFailureAt: now,
      blockedUntil: blocked ? new Date(now.getTime() + delay) : null,
      notifiedAt: key === keys.login && blocked ? (notifiedAt ?? now) : notifiedAt,
    });
  }
  return newlyBlocked;
}

/** A successful login clears its login key (the IP key decays on its own). */
export async function clearFailures(deps: { db: Db }, keys: { login: string }) {
  await queries.deleteThrottle(deps.db, keys.login);
}
