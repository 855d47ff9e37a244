import { sql } from "kysely";
import { HOUR, type Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";

/**
 * "Ajouter une structure" shows an organisation's name and address for its client number: a
 * person may mistype a few numbers, not walk the register. After 10 unknown numbers within an
 * hour, lookups wait an hour (counted per account in the throttles table).
 */
export const MAX_FAILED_LOOKUPS = 10;
const WINDOW_MS = HOUR;

const keyOf = (accountId: string) => `attach:${accountId}`;

export async function lookupsBlockedUntil(deps: { db: Db; clock: Clock }, accountId: string): Promise<Date | null> {
  const row = await deps.db.selectFrom("throttles").select("blockedUntil").where("key", "=", keyOf(accountId)).executeTakeFirst();
  return row?.blockedUntil && row.blockedUntil > deps.clock.now() ? row.blockedUntil : null;
}

export async function recordFailedLookup(deps: { db: Db; clock: Clock }, accountId: string): Promise<void> {
  const now = deps.clock.now();
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const blockUntil = new Date(now.getTime() + WINDOW_MS);
  await sql`
    insert into throttles (key, failures, last_failure_at, blocked_until)
    values (${keyOf(accountId)}, 1, ${now}, null)
    on conflict (key) do update set
      failures = case when throttles.last_failure_at < ${windowStart} then 1 else throttles.failures + 1 end,
      last_failure_at = ${now},
      blocked_until = case when throttles.last_failure_at >= ${windowStart} and throttles.failures + 1 >= ${MAX_FAILED_LOOKUPS}
        then ${blockUntil}::timestamptz else null end`.execute(deps.db);
}
