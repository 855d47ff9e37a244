import type { Db } from "../../platform/db/database.ts";

export async function findThrottles(db: Db, keys: string[]) {
  // Guard against an empty IN (): callers always pass keys, but the query must stay valid.
  if (keys.length === 0) return [];
  return db.selectFrom("throttles").selectAll().where("key", "in", keys).execute();
}

export async function saveThrottle(db: Db, throttle: { key: string; failures: number; lastFailureAt: Date; blockedUntil: Date | null; notifiedAt: Date | null }) {
  await db
    .insertInto("throttles")
    .values(throttle)
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: throttle.failures,
        lastFailureAt: throttle.lastFailureAt,
        blockedUntil: throttle.blockedUntil,
        notifiedAt: throttle.notifiedAt,
      }),
    )
    .execute();
}

export async function deleteThrottle(db: Db, key: string) {
  await db.deleteFrom("throttles").where("key", "=", key).execute();
}
