import { sql } from "kysely";
import type { Db } from "./database.ts";

/**
 * Runs `work` while holding a PostgreSQL session-level advisory lock named `name`, on one
 * connection kept for the duration: processes starting at once on the same database take turns
 * (pg-boss's queue creation deadlocked when two did it together). PGlite has a single connection
 * and one process: the work runs as it is.
 */
export async function withAdvisoryLock<T>(db: Db, kind: "postgresql" | "pglite", name: string, work: () => Promise<T>): Promise<T> {
  if (kind === "pglite") return work();
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtextextended(${name}, 0))`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${name}, 0))`.execute(connection);
    }
  });
}
