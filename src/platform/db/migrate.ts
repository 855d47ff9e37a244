import { Migrator, type Migration, type MigrationProvider } from "kysely";
import type { Db } from "./database.ts";
import * as m0001 from "./migrations/0001_accounts.ts";

/** Migrations are listed here in order, so the bundle needs no file-system scan. */
const migrations: Record<string, Migration> = {
  "0001_accounts": m0001,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies pending migrations; called at start and by the test helpers. */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${String(error)}`, { cause: error });
  }
}
