import { sql } from "kysely";
import type { Db } from "../db/database.ts";

/**
 * Counts one request under `key` in a window of `windowMs`, in one statement so that processes
 * counting at once never lose a hit: a window that has ended starts again at 1. Returns the
 * count and the milliseconds left in the window, by the database's clock.
 */
export async function countRateLimitHit(db: Db, key: string, windowMs: number): Promise<{ hits: number; ttlMs: number }> {
  const ended = sql<boolean>`rate_limit_counters.resets_at <= clock_timestamp()`;
  return await db
    .insertInto("rateLimitCounters")
    .values({ key, hits: 1, resetsAt: sql<Date>`clock_timestamp() + ${windowMs} * interval '1 millisecond'` })
    .onConflict((conflict) =>
      conflict.column("key").doUpdateSet({
        hits: sql<number>`case when ${ended} then 1 else rate_limit_counters.hits + 1 end`,
        resetsAt: sql<Date>`case when ${ended} then excluded.resets_at else rate_limit_counters.resets_at end`,
      }),
    )
    .returning(["hits", sql<number>`greatest(0, ceil(extract(epoch from (resets_at - clock_timestamp())) * 1000))::integer`.as("ttlMs")])
    .executeTakeFirstOrThrow();
}

/** Forgets the windows that have ended; returns how many. */
export async function deleteEndedRateLimitCounters(db: Db): Promise<number> {
  const result = await db.deleteFrom("rateLimitCounters").where("resetsAt", "<", sql<Date>`clock_timestamp()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
