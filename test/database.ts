import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server when
 * DATABASE_URL is set (CI runs the suite both ways), otherwise an in-memory PGlite.
 *
 * Both start from the run's template when the Vitest config has `test/global-setup.ts` (a copy of
 * a database already migrated, see there); without it, or should the template be behind the
 * code, `migrateToLatest` does the work (it returns at once on an up-to-date database).
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
  const template = inject("postgresTemplate");
  await onServer(serverUrl, `create database ${name}${template ? ` template ${template}` : ""}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async drop() {
      await handle.close();
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * A new, empty database (not migrated) on the PostgreSQL server of `serverUrl` (DATABASE_URL by
 * default), uniquely named after `prefix`, for what needs a database of its own beside the suite's
 * per-file one: a real process started by a test, a bench, two connections racing on a fresh
 * database. Returns its URL and what drops it (closing any connection left open to it).
 */
export async function createServerDatabase(
  prefix = "guichet_test",
  serverUrl = process.env.DATABASE_URL,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  if (!serverUrl) throw new Error("createServerDatabase: DATABASE_URL names no PostgreSQL server");
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`createServerDatabase: « ${prefix} » is not a plain database name prefix`);
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`) };
}

async function onServer(serverUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
