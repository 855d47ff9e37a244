import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../test/accounts.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { compiledOnce } from "./compiled-once.ts";
import type { Db } from "./database.ts";

/** Counts how often Kysely compiles (transformQuery) and runs (transformResult) queries. */
class Counter implements KyselyPlugin {
  compiled = 0;
  ran = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.compiled += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.ran += 1;
    return args.result;
  }
}

describe("Queries compiled once (compiledOnce)", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  const help = (db: Db, slug: string, limit: number) =>
    db.selectFrom("accounts").select(["identifier", "role"]).where("identifier", "=", slug).where("role", "in", ["applicant", "agent"]).orderBy("identifier").limit(limit);

  it("runs its values through the text compiled at the first call, with the builder's constants kept, and the camelCase names", async () => {
    const counter = new Counter();
    const db = database.db.withPlugin(counter);
    await insertTestAccount(database.db, { identifier: "un", email: "un@exemple.fr", role: "applicant" });
    await insertTestAccount(database.db, { identifier: "deux", email: "deux@exemple.fr", role: "platform_admin" });
    const lookUp = compiledOnce(2, help);

    expect(await lookUp(db, "un", 10)).toEqual([{ identifier: "un", role: "applicant" }]);
    // The constants ("applicant", "agent") stayed: the administrator is still left out.
    expect(await lookUp(db, "deux", 10)).toEqual([]);
    expect(await lookUp(db, "un", 0)).toEqual([]);
    expect(counter).toMatchObject({ compiled: 1, ran: 3 });
    // The same rows as the query built at each call.
    expect(await lookUp(db, "un", 1)).toEqual(await help(database.db, "un", 1).execute());
  });

  it("compiles again for another set of plugins, and runs inside a transaction", async () => {
    const lookUp = compiledOnce(2, help);
    const first = new Counter();
    const second = new Counter();
    await lookUp(database.db.withPlugin(first), "un", 1);
    await lookUp(database.db.withPlugin(second), "un", 1);
    expect([first.compiled, second.compiled]).toEqual([1, 1]);
    // A transaction runs the text its database compiled: its connection's copy of the same plugins.
    const counted = database.db.withPlugin(first);
    const inside = await counted.transaction().execute(async (trx) => {
      await sql`update accounts set role = 'agent' where identifier = 'deux'`.execute(trx);
      return lookUp(trx, "deux", 1);
    });
    expect(inside).toEqual([{ identifier: "deux", role: "agent" }]);
    // The update was compiled, the query compiled once was not again.
    expect(first.compiled).toBe(2);
  });

  it("compiles a query written in SQL (a sql template, fragments included) once, its values used as often as written", async () => {
    await insertTestAccount(database.db, { identifier: "sql.agent", email: "sql.agent@exemple.fr", role: "agent" });
    await insertTestAccount(database.db, { identifier: "sql.usager", email: "sql.usager@exemple.fr", role: "applicant" });
    const counter = new Counter();
    const db = database.db.withPlugin(counter);
    const roleOf = (identifier: string) => sql`select role from accounts where identifier = ${identifier}`;
    const lookUp = compiledOnce(2, (_db: Db, identifier: string, other: string) =>
      sql<{ identifier: string; sameRole: boolean }>`select identifier, role = (${roleOf(other)}) as same_role from accounts where identifier in (${identifier}, ${other}) order by identifier`,
    );
    expect(await lookUp(db, "sql.usager", "sql.agent")).toEqual([
      { identifier: "sql.agent", sameRole: true },
      { identifier: "sql.usager", sameRole: false },
    ]);
    expect(await lookUp(db, "sql.usager", "sql.usager")).toEqual([{ identifier: "sql.usager", sameRole: true }]);
    expect(counter).toMatchObject({ compiled: 1, ran: 2 });
  });

  it("refuses a query whose values do not all reach its parameters (a value tested or changed in the builder)", async () => {
    const tested = compiledOnce(1, (db: Db, identifier: string | null) => (identifier ? db.selectFrom("accounts").select("id").where("identifier", "=", "fixe") : db.selectFrom("accounts").select("id")));
    await expect(tested(database.db, "un")).rejects.toThrow(/do not reach the parameters/);
    const changed = compiledOnce(1, (db: Db, identifier: string) => db.selectFrom("accounts").select("id").where("identifier", "=", `${identifier}-x`));
    await expect(changed(database.db, "un")).rejects.toThrow(/used as a value in its query's builder/);
  });
});
