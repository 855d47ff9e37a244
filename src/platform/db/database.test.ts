import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import { DatabaseInUseError, EMBEDDED_SHARED_BUFFERS, openDatabase } from "./database.ts";

describe("the embedded database", () => {
  const directories: string[] = [];
  const tempDir = async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "guichet-db-"));
    directories.push(directory);
    return directory;
  };
  afterEach(async () => {
    for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
  });

  it("keeps its data in DATA_DIR across restarts", async () => {
    const dataDir = await tempDir();
    const first = await openDatabase({ dataDir });
    await first.db.schema.createTable("kept").addColumn("value", "text").execute();
    await first.db.insertInto("kept" as never).values({ value: "bonjour" } as never).execute();
    await first.close();
    const second = await openDatabase({ dataDir });
    const rows = await second.db.selectFrom("kept" as never).selectAll().execute();
    expect(rows).toEqual([{ value: "bonjour" }]);
    await second.close();
  });

  it("opens with its own shared buffers, smaller than PostgreSQL's 128 MB (a shorter start)", async () => {
    const handle = await openDatabase({ dataDir: await tempDir() });
    const { rows } = await sql<{ sharedBuffers: string }>`show shared_buffers`.execute(handle.db);
    expect(rows).toEqual([{ sharedBuffers: EMBEDDED_SHARED_BUFFERS }]);
    await handle.close();
  });

  it("refuses a second process while one holds it, and takes over a lock left by a dead one", async () => {
    const dataDir = await tempDir();
    // A live process other than us (our parent) holds the lock.
    await writeFile(path.join(dataDir, "pgdata.lock"), String(process.ppid));
    await expect(openDatabase({ dataDir })).rejects.toThrow(DatabaseInUseError);
    await expect(openDatabase({ dataDir })).rejects.toThrow(/déjà ouverte par un autre processus/);
    // A pid that cannot exist: the lock is stale.
    await writeFile(path.join(dataDir, "pgdata.lock"), "999999999");
    const handle = await openDatabase({ dataDir });
    expect(await handle.ping()).toBe(true);
    await handle.close();
  });
});

describe("calendar dates", () => {
  // createTestDatabase is PGlite, or PostgreSQL when DATABASE_URL is set: CI runs this file both ways.
  it("come back as 'YYYY-MM-DD' text, whatever the session's time zone", async () => {
    const database = await createTestDatabase();
    try {
      const rows = await database.db.connection().execute(async (db) => {
        // A Date built at midnight in Kiritimati (UTC+14) would read as the day before in UTC.
        await sql`set time zone 'Pacific/Kiritimati'`.execute(db);
        const result = await sql<{ birthDate: unknown; nextDay: unknown }>`
          select birth_date, birth_date + 1 as next_day from (values (date '1984-12-03')) as dates (birth_date)`.execute(db);
        await sql`reset time zone`.execute(db);
        return result.rows;
      });
      expect(rows, database.kind).toEqual([{ birthDate: "1984-12-03", nextDay: "1984-12-04" }]);
    } finally {
      await database.drop();
    }
  });
});

describe("a PostgreSQL handle's settings", () => {
  it.skipIf(!process.env.DATABASE_URL)("apply to every connection of the handle, and to its only", async () => {
    const url = process.env.DATABASE_URL ?? "";
    const tuned = await openDatabase({ databaseUrl: url, settings: { max_parallel_workers_per_gather: "0" } });
    const plain = await openDatabase({ databaseUrl: url });
    try {
      // Several at once: each of the pool's connections holds the setting.
      const shown = await Promise.all([1, 2, 3].map(() => sql<{ value: string }>`select current_setting('max_parallel_workers_per_gather') as value, pg_sleep(0.05)`.execute(tuned.db)));
      expect(shown.map((result) => result.rows[0]?.value)).toEqual(["0", "0", "0"]);
      const other = await sql<{ value: string }>`select current_setting('max_parallel_workers_per_gather') as value`.execute(plain.db);
      expect(other.rows[0]?.value).not.toBe("0");
    } finally {
      await tuned.close();
      await plain.close();
    }
  });
});
