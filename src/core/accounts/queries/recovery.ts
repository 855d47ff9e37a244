import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";

/**
 * Counts one recovery mail for a key in a fixed window and returns the count, in one statement so
 * that concurrent requests cannot both slip under the limit. In the shared throttles table,
 * `failures` holds the number of mails of the window and `last_failure_at` the window's start.
 */
export async function countRecoveryMail(db: Db, key: string, now: Date, windowMs: number): Promise<number> {
  const windowStart = new Date(now.getTime() - windowMs);
  const row = await db
    .insertInto("throttles")
    .values({ key, failures: 1, lastFailureAt: now, blockedUntil: null, notifiedAt: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql<number>`case when throttles.last_failure_at <= ${windowStart} then 1 else throttles.failures + 1 end`,
        lastFailureAt: sql<Date>`case when throttles.last_failure_at <= ${windowStart} then ${now} else throttles.last_failure_at end`,
      }),
    )
    .returning("failures")
    .executeTakeFirstOrThrow();
  return row.failures;
}
