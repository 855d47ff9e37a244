import { HOUR, type Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { countFailureInWindow, findThrottleBlockedUntil } from "../accounts/queries/login.ts";

/**
 * "Ajouter une structure" and "Créer mon compte avec mon numéro client" show an organisation's
 * name for its client number: a person may mistype a few numbers, not walk the register. After
 * 10 unknown numbers within an hour, lookups wait an hour (counted in the throttles table per
 * account, or per address for a visitor registering).
 */
export const MAX_FAILED_LOOKUPS = 10;
const WINDOW_MS = HOUR;

/** Who is looking numbers up: a signed-in account, or an address before any account exists. */
export type LookupBy = { accountId: string } | { ip: string };

const keyOf = (by: LookupBy) => ("accountId" in by ? `attach:${by.accountId}` : `register-lookup:${by.ip}`);

export async function lookupsBlockedUntil(deps: { db: Db; clock: Clock }, by: LookupBy): Promise<Date | null> {
  const blockedUntil = await findThrottleBlockedUntil(deps.db, keyOf(by));
  return blockedUntil && blockedUntil > deps.clock.now() ? blockedUntil : null;
}

const timeOfDay = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" });

/** The refusal while lookups wait, saying until when. */
export function lookupsBlockedMessage(blockedUntil: Date): string {
  return `Vous avez saisi trop de numéros inconnus : réessayez après ${timeOfDay.format(blockedUntil)}, ou contactez-nous.`;
}

export async function recordFailedLookup(deps: { db: Db; clock: Clock }, by: LookupBy): Promise<void> {
  const now = deps.clock.now();
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const blockUntil = new Date(now.getTime() + WINDOW_MS);
  await countFailureInWindow(deps.db, { key: keyOf(by), now, windowStart, blockUntil, maxFailures: MAX_FAILED_LOOKUPS });
}
