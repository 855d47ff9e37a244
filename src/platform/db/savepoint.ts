import { sql } from "kysely";
import type { Db } from "./database.ts";

/**
 * Runs `work` inside a savepoint of the caller's transaction: when it throws, only its own
 * changes are undone and the transaction goes on (the caller decides whether to try again).
 */
export async function withSavepoint<T>(trx: Db, name: string, work: () => Promise<T>): Promise<T> {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`withSavepoint: invalid name ${name}`);
  await sql`savepoint ${sql.raw(name)}`.execute(trx);
  try {
    const result = await work();
    await sql`release savepoint ${sql.raw(name)}`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${sql.raw(name)}`.execute(trx);
    throw error;
  }
}
