import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";
import { ConnectionLock, PGliteDialect } from "./pglite-dialect.ts";

export type Db = Kysely<Database>;

/** Runs raw SQL for libraries that bring their own queries (pg-boss), on the same database. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface DatabaseHandle {
  db: Db;
  kind: "postgresql" | "pglite";
  /** For pg-boss: its own pool on PostgreSQL, the shared locked connection on PGlite. */
  jobsConnection: { connectionString: string } | { db: SqlExecutor };
  /** Answers whether the database responds, for /health. */
  ping(): Promise<boolean>;
  /** Embedded database only: a tarball of its files, to start copies from (test templates). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

// int8 (counts, sums) as JavaScript numbers, as PGlite returns them: our counts stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

/** Opens PostgreSQL when a connection string is given, otherwise PGlite persisted in `dataDir` (or in memory). */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** Embedded database only: start from this dump instead of an empty cluster (tests). */
  template?: Blob | undefined;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPGlite(options.dataDir, options.template);
}

function withCamelCase(dialect: ConstructorParameters<typeof Kysely<Database>>[0]["dialect"]): Db {
  return new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
}

async function openPostgres(connectionString: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const db = withCamelCase(new PostgresDialect({ pool }));
  return {
    db,
    kind: "postgresql",
    jobsConnection: { connectionString },
    ping: () => ping(db),
    close: () => db.destroy(),
  };
}

async function openPGlite(dataDir: string | undefined, template: Blob | undefined): Promise<DatabaseHandle> {
  let directory: string | undefined;
  if (dataDir) {
    directory = path.join(dataDir, "pgdata");
    await fs.mkdir(directory, { recursive: true });
  }
  const pglite = new PGlite(directory, template ? { loadDataDir: template } : {});
  await pglite.waitReady;
  const lock = new ConnectionLock();
  const db = withCamelCase(new PGliteDialect(pglite, lock));
  const executor: SqlExecutor = {
    executeSql: (text, values = []) =>
      lock.run(async () => {
        // pg-boss sends whole scripts (its schema) without parameters: those need the simple protocol.
        if (values.length === 0) {
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        return pglite.query(text, values);
      }),
  };
  return {
    db,
    kind: "pglite",
    jobsConnection: { db: executor },
    ping: () => ping(db),
    close: () => db.destroy(),
    dump: () => lock.run(() => pglite.dumpDataDir("none")),
  };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
