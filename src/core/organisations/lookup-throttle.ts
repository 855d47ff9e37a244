import { HOUR, type Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { countFailureInWindow, findThrottleBlockedUntil } from "../accounts/queries/login.ts";

/**
 * "Ajouter une structure" shows an organisation's name and address for its client number: a
 * person may mistype a few numbers, not walk the register. After 10 unknown numbers within an
 * hour, lookups wait an hour (counted per account in the throttles table).
 */
export const MAX_FAILED_LOOKUPS = 10;
const WINDOW_MS = HOUR;

const keyOf = (accountId: string) => `attach:${accountId}`;

export async function lookupsBlockedUntil(deps: { db: Db; clock: Clock }, accountId: string): Promise<Date | null> {
  const blockedUntil = await findThrottleBlockedUntil(deps.db, keyOf(accountId));
  return blockedUntil && blockedUntil > deps.clock.now() ? blockedUntil : null;
}

export async function recordFailedLookup(deps: { db: Db; clock: Clock }, accountId: string): Promise<void> {
  const now = deps.clock.now();
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const blockUntil = new Date(now.getTime() + WINDOW_MS);
  await countFailureInWindow(deps.db, { key: keyOf(accountId), now, windowStart, blockUntil, maxFailures: MAX_FAILED_LOOKUPS });
}
