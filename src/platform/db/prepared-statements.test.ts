import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerDatabase } from "../../../test/database.ts";
import { preparingPool, worthPreparing } from "./prepared-statements.ts";

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) console.warn("DATABASE_URL is not set: the prepared statements (PostgreSQL only) are not tested.");

describe.skipIf(!serverUrl)("Kysely's statements prepared on PostgreSQL (preparingPool)", () => {
  let database: Awaited<ReturnType<typeof createServerDatabase>>;
  let db: Kysely<Record<string, never>>;
  beforeAll(async () => {
    database = await createServerDatabase("guichet_prepared");
    // One connection, so that pg_prepared_statements (per connection) shows what the pool prepared.
    db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(new pg.Pool({ connectionString: database.url, max: 1 }), { maxPerConnection: 3 }) }) });
    await sql`create table things (id integer primary key, label text not null)`.execute(db);
    await sql`insert into things values (1, 'un'), (2, 'deux'), (3, 'trois')`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const prepared = async () => (await sql<{ statement: string }>`select statement from pg_prepared_statements order by prepare_time`.execute(db)).rows.map((row) => row.statement);
  const labelOf = (id: number) => sql<{ label: string }>`select label from things where id = ${id}`.execute(db);

  it("names a statement with parameters once per connection, and runs it again by its name", async () => {
    expect((await labelOf(1)).rows).toEqual([{ label: "un" }]);
    expect((await labelOf(2)).rows).toEqual([{ label: "deux" }]);
    expect((await labelOf(9)).rows).toEqual([]);
    expect(await prepared()).toEqual(["select label from things where id = $1"]);
  });

  it("leaves paginated lists (an offset parameter) and reads of many values unnamed: their plan depends on the values", async () => {
    expect((await sql<{ id: number }>`select id from things where id > ${0} order by id limit ${2} offset ${0}`.execute(db)).rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await prepared()).toEqual(["select label from things where id = $1"]);
    expect(worthPreparing("select id from things where id > $1 order by id limit $2 offset $3", 3)).toBe(false);
    expect(worthPreparing("select id from things where account_id = $1 order by id limit $2", 2)).toBe(true);
    expect(worthPreparing("select id from things where id > $1 offset $2", 2)).toBe(false);
    expect(worthPreparing("select id from things where a = $1 and b = $2 and c = $3 and d = $4 and e = $5", 5)).toBe(false);
    expect(worthPreparing("select id from things where a = $1 and b = $2 and c = $3 and d = $4", 4)).toBe(true);
    expect(worthPreparing("  update things set a = $1, b = $2, c = $3, d = $4, e = $5 where id = $6", 6)).toBe(true);
    expect(worthPreparing("insert into things values ($1, $2) returning id", 2)).toBe(true);
    const writeThenWrite = "\n  with made as (\n insert into things values ($1, $2) returning id)\n insert into others select id, $3, $4, $5 from made";
    expect(worthPreparing(writeThenWrite, 5)).toBe(true);
    expect(worthPreparing("with q as (select $1::text) select * from things, q where a = $2 and b = $3 and c = $4 and d = $5", 5)).toBe(false);
    expect(worthPreparing("select * from things where label = $1 or label = $2 or label = $3 or note = 'update' or id = $4 or id = $5", 5)).toBe(false);
    expect(worthPreparing("select 1", 0)).toBe(false);
  });

  it("leaves statements without parameters unnamed (BEGIN, COMMIT, scripts of several statements)", async () => {
    await sql`select 1; select 2`.execute(db);
    await db.transaction().execute(async (trx) => {
      expect((await sql<{ label: string }>`select label from things where id = ${3}`.execute(trx)).rows).toEqual([{ label: "trois" }]);
    });
    expect(await prepared()).toEqual(["select label from things where id = $1"]);
  });

  it("keeps at most maxPerConnection statements: further texts run unnamed, with the same results", async () => {
    await sql`select id from things where label = ${"deux"}`.execute(db);
    await sql`select count(*)::integer as n from things where id > ${0}`.execute(db);
    const beyond = await sql<{ id: number }>`select id from things where label <> ${"un"} order by id`.execute(db);
    expect(beyond.rows).toEqual([{ id: 2 }, { id: 3 }]);
    expect(await prepared()).toHaveLength(3);
    expect(await prepared()).not.toContain("select id from things where label <> $1 order by id");
  });

  it("answers a statement whose table changed shape since it was prepared: again unnamed outside a transaction, an error inside one", async () => {
    const everything = (trx: Kysely<Record<string, never>>, id: number) => sql<Record<string, unknown>>`select * from things where id = ${id}`.execute(trx);
    await db.destroy();
    db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(new pg.Pool({ connectionString: database.url, max: 1 })) }) });
    expect((await everything(db, 1)).rows).toEqual([{ id: 1, label: "un" }]);
    await sql`alter table things add column note text`.execute(db);
    expect((await everything(db, 1)).rows).toEqual([{ id: 1, label: "un", note: null }]);
    expect((await everything(db, 2)).rows).toEqual([{ id: 2, label: "deux", note: null }]);

    const inTransaction = sql<Record<string, unknown>>`select * from things where id = ${1} and label is not null`;
    expect((await inTransaction.execute(db)).rows).toHaveLength(1);
    await sql`alter table things drop column note`.execute(db);
    await expect(db.transaction().execute((trx) => inTransaction.execute(trx))).rejects.toThrow(/cached plan must not change result type/);
    // The connection is still usable, and the statement now runs unnamed on it.
    expect((await inTransaction.execute(db)).rows).toEqual([{ id: 1, label: "un" }]);
  });

  it("runs atCheckout on the connection before handing it out: the caller's query waits for it; its failure is the caller's and drops the connection", async () => {
    await db.destroy();
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    const sent: string[] = [];
    const watched = new WeakSet<pg.PoolClient>();
    let checkouts = 0;
    const atCheckout = async (client: pg.PoolClient) => {
      if (!watched.has(client)) {
        watched.add(client);
        // pg 8 queues a query sent while another runs on the client (pg 9 refuses it): note each.
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        let running = 0;
        (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
          sent.push(`${typeof args[0] === "string" ? args[0] : "named"}${running > 0 ? " (while another runs)" : ""}`);
          running++;
          return query(...args).finally(() => running--);
        };
      }
      await client.query("select pg_sleep(0.05)");
      if (++checkouts === 3) throw new Error("checkout refused");
    };
    db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(pool, { atCheckout }) }) });
    expect((await labelOf(1)).rows).toEqual([{ label: "un" }]);
    expect((await labelOf(2)).rows).toEqual([{ label: "deux" }]);
    expect(sent).toEqual(["select pg_sleep(0.05)", "named", "select pg_sleep(0.05)", "named"]);
    await expect(labelOf(3)).rejects.toThrow("checkout refused");
    // The refused connection was dropped: the next checkout opens a new one, which works.
    expect(pool.totalCount).toBe(0);
    expect((await labelOf(3)).rows).toEqual([{ label: "trois" }]);
  });
});
