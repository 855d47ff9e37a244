import { sql } from "kysely";
import type { Db } from "../db/database.ts";

/**
 * Adds hits counted in one process to the shared counters, every key in one statement so that
 * processes flushing at once never lose a hit: a window that has ended starts again with the hits
 * added. Returns, for each key, the shared count and the milliseconds left in its window, by the
 * database's clock.
 */
export async function addRateLimitHits(
  db: Db,
  counts: readonly { key: string; hits: number; windowMs: number }[],
): Promise<{ key: string; hits: number; ttlMs: number }[]> {
  if (counts.length === 0) return [];
  // In the order of the keys, so that two processes flushing the same keys wait for each other instead of deadlocking.
  const sorted = [...counts].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ended = sql`rate_limit_counters.resets_at <= clock_timestamp()`;
  const result = await sql<{ key: string; hits: number; ttlMs: number }>`
    insert into rate_limit_counters (key, hits, resets_at)
    select key, hits, clock_timestamp() + window_ms * interval '1 millisecond'
    from unnest(${sql.val(sorted.map((count) => count.key))}::text[], ${sql.val(sorted.map((count) => count.hits))}::integer[],
      ${sql.val(sorted.map((count) => count.windowMs))}::integer[]) as flushed(key, hits, window_ms)
    on conflict (key) do update set
      hits = case when ${ended} then excluded.hits else rate_limit_counters.hits + excluded.hits end,
      resets_at = case when ${ended} then excluded.resets_at else rate_limit_counters.resets_at end
    returning key, hits, greatest(0, ceil(extract(epoch from (resets_at - clock_timestamp())) * 1000))::integer as ttl_ms`.execute(db);
  return result.rows;
}

/** Forgets the windows that have ended; returns how many. */
export async function deleteEndedRateLimitCounters(db: Db): Promise<number> {
  const result = await db.deleteFrom("rateLimitCounters").where("resetsAt", "<", sql<Date>`clock_timestamp()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
