import { readFile } from "node:fs/promises";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { insertTestAccount } from "../../../test/accounts.ts";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { StatementCounter } from "../../../test/statement-counter.ts";
import { MINUTE } from "../clock.ts";
import { LISTENER_NAME, openDatabase, type Db, type DatabaseHandle } from "../db/database.ts";
import { holdSessionsInMemory } from "./kept-sessions.ts";
import { closeSession, closeSessionsOfAccount, findCurrentSession, openSession } from "./sessions.ts";
import { setCurrentOrganisation } from "./queries.ts";

const eventually = { timeout: 5_000, interval: 20 };

describe("Sessions kept in memory (kept-sessions.ts, migration 0030)", () => {
  let t: TestApp;
  let db: Db;
  const counter = new StatementCounter();
  let held: Awaited<ReturnType<typeof holdSessionsInMemory>>;
  beforeAll(async () => {
    t = await createTestApp();
    // The application's own database object holds its sessions too: this one counts its statements.
    db = t.deps.db.withPlugin(counter);
    held = await holdSessionsInMemory({ db, listen: t.deps.listen }, { freshForMs: MINUTE });
  });
  afterAll(async () => {
    await held.close();
    await t.close();
  });

  const signedIn = async () => {
    const account = await insertTestAccount(t.deps.db, { firstName: "Inès" });
    const token = await openSession({ db: t.deps.db, clock: t.clock }, { accountId: account.id, ip: "192.0.2.1", userAgent: "Firefox" });
    return { account, token };
  };
  const find = (token: string) => findCurrentSession({ db, clock: t.clock }, token);
  /** Statements sent by a lookup. */
  const statementsOf = async (token: string) => {
    counter.count = 0;
    await find(token);
    return counter.count;
  };

  it("serves a session read in the last minute without a statement, then reads it again and moves its last visit", async () => {
    const { account, token } = await signedIn();
    expect(await find(token)).toMatchObject({ accountId: account.id, firstName: "Inès" });
    expect(await statementsOf(token)).toBe(0);
    t.clock.advance(MINUTE);
    // Read, and last_seen_at written: a session in memory is never idle.
    expect(await statementsOf(token)).toBe(2);
    expect(await statementsOf(token)).toBe(0);
    t.clock.advance(30 * MINUTE);
    expect(await find(token)).toBeNull();
  });

  it("ends a session everywhere at once: logout, every session of the account, the account deleted", async () => {
    const first = await signedIn();
    await find(first.token);
    const session = await find(first.token);
    await closeSession({ db: t.deps.db }, session!.sessionId);
    expect(await find(first.token)).toBeNull();

    const second = await signedIn();
    await find(second.token);
    await closeSessionsOfAccount({ db: t.deps.db }, second.account.id);
    expect(await find(second.token)).toBeNull();

    const third = await signedIn();
    await find(third.token);
    await t.deps.db.deleteFrom("accounts").where("id", "=", third.account.id).execute();
    expect(await find(third.token)).toBeNull();
  });

  it("shows at once what changed on the account, its organisation and its membership, whoever wrote it", async () => {
    const { account, token } = await signedIn();
    const organisation = await buildOrganisation(t.deps.db, { name: "Commune de Vénissieux" });
    await addMember(t.deps.db, organisation, account);
    const session = (await find(token))!;
    expect(session.currentOrganisationId).toBeNull();

    await setCurrentOrganisation(t.deps.db, session.sessionId, organisation.id);
    expect(await find(token)).toMatchObject({ currentOrganisationName: "Commune de Vénissieux", isOrganisationAdmin: false });
    await sql`update organisations set name = 'Ville de Vénissieux' where id = ${organisation.id}`.execute(t.deps.db);
    expect((await find(token))?.currentOrganisationName).toBe("Ville de Vénissieux");
    await sql`update memberships set is_admin = true where account_id = ${account.id}`.execute(t.deps.db);
    expect((await find(token))?.isOrganisationAdmin).toBe(true);
    await sql`delete from memberships where account_id = ${account.id}`.execute(t.deps.db);
    expect((await find(token))?.currentOrganisationName).toBeNull();

    for (const [column, value, field, expected] of [
      ["first_name", "Inès-Marie", "firstName", "Inès-Marie"],
      ["email", "ines@example.fr", "email", "ines@example.fr"],
      ["role", "agent", "role", "agent"],
      ["must_change_password", true, "mustChangePassword", true],
    ] as const) {
      await sql`update accounts set ${sql.ref(column)} = ${value} where id = ${account.id}`.execute(t.deps.db);
      expect(await find(token)).toMatchObject({ [field]: expected });
    }
    const version = (await find(token))!.dashboardVersion;
    await sql`update accounts set dashboard_version = dashboard_version + 1 where id = ${account.id}`.execute(t.deps.db);
    expect((await find(token))?.dashboardVersion).toBe(version + 1);
    // Another person's change leaves this session in memory.
    await find(token);
    const someoneElse = await insertTestAccount(t.deps.db);
    await sql`update accounts set first_name = 'Paul' where id = ${someoneElse.id}`.execute(t.deps.db);
    expect(await statementsOf(token)).toBe(0);
  });

  it("is told of every column the session query reads from the account (the trigger's list)", async () => {
    const query = await readFile(new URL("./queries.ts", import.meta.url), "utf8");
    const read = new Set([...query.matchAll(/\baccounts\.(\w+)/g)].map((match) => match[1]!).filter((column) => column !== "id"));
    const { rows } = await sql<{ definition: string }>`
      select pg_get_triggerdef(oid) as definition from pg_trigger where tgname = 'accounts_session_changed'`.execute(t.deps.db);
    for (const column of read) expect(rows[0]?.definition).toContain(`old.${column}`);
    expect(read.size).toBeGreaterThanOrEqual(8);
  });

  it("keeps nothing once it stops holding", async () => {
    const { token } = await signedIn();
    const alone = t.deps.db.withPlugin(counter);
    const holding = await holdSessionsInMemory({ db: alone, listen: t.deps.listen }, { freshForMs: MINUTE });
    await findCurrentSession({ db: alone, clock: t.clock }, token);
    await holding.close();
    counter.count = 0;
    await findCurrentSession({ db: alone, clock: t.clock }, token);
    expect(counter.count).toBe(1);
  });
});

describe("Sessions kept by several processes (PostgreSQL)", () => {
  it("are dropped by the others when one ends a session, and not kept while notifications are not heard", async (context) => {
    if (!process.env.DATABASE_URL) return context.skip();
    const t = await createTestApp();
    let other: DatabaseHandle | undefined;
    try {
      other = await openDatabaseLike(t);
      const otherDeps = { db: other!.db, clock: t.clock };
      const holding = await holdSessionsInMemory({ db: other!.db, listen: other!.listen }, { freshForMs: MINUTE });
      const account = await insertTestAccount(t.deps.db);
      const token = await openSession(t.deps, { accountId: account.id, ip: "192.0.2.1", userAgent: "Firefox" });
      const session = (await findCurrentSession(otherDeps, token))!;
      expect(session.accountId).toBe(account.id);
      await closeSession(t.deps, session.sessionId);
      await vi.waitFor(async () => expect(await findCurrentSession(otherDeps, token)).toBeNull(), eventually);

      // The other process's listening connection lost: its sessions are read each time until it is back.
      const again = await openSession(t.deps, { accountId: account.id, ip: "192.0.2.1", userAgent: "Firefox" });
      await findCurrentSession(otherDeps, again);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_NAME} and query ilike '%guichet_sessions%'`.execute(t.deps.db);
      await sql`alter table accounts disable trigger accounts_session_changed`.execute(t.deps.db);
      await sql`update accounts set first_name = 'Inès' where id = ${account.id}`.execute(t.deps.db);
      await sql`alter table accounts enable trigger accounts_session_changed`.execute(t.deps.db);
      await vi.waitFor(async () => expect((await findCurrentSession(otherDeps, again))?.firstName).toBe("Inès"), eventually);
      await holding.close();
    } finally {
      await other?.close();
      await t.close();
    }
  });
});

/** A second connection pool on the test's PostgreSQL database: another process's. */
async function openDatabaseLike(t: TestApp): Promise<DatabaseHandle> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(t.deps.db);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${rows[0]!.name}`;
  return openDatabase({ databaseUrl: url.toString() });
}
