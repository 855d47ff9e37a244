import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server when
 * DATABASE_URL is set (CI runs the suite both ways), otherwise an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const templatePath = inject("pgliteTemplate");
    const template = templatePath ? new Blob([await readFile(templatePath)]) : undefined;
    const handle = await openDatabase({ template });
    await migrateToLatest(handle.db);
    return { ...handle, drop: () => handle.close() };
  }
  const name = `guichet_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async drop() {
      await handle.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
