import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "kysely";
import pino from "pino";
import { buildApp } from "../../app.ts";
import { readConfig } from "../../platform/config.ts";
import { LISTENER_NAME, openDatabase, type DatabaseHandle } from "../../platform/db/database.ts";
import { createDeps } from "../../platform/deps.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildOrganisation } from "../../../test/organisations.ts";
import { acceptTermsDirectly, buildGrant, buildService, signedInMember } from "../../../test/services.ts";
import { activeServices, changeServices, holdActiveServicesInMemory } from "./service-catalogue.ts";
import { updateService } from "./queries/services.ts";

const names = async (deps: Pick<Deps, "db">) => (await activeServices(deps.db)).map((service) => service.name);
// A notification arrives a moment after the commit (at once on PGlite).
const eventually = { timeout: 5_000, interval: 20 };
/**
 * Lets the notification of the last change land before the copy is read (it has nothing to wait
 * on: a copy read before it arrives is dropped when it does).
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("The active services held in memory", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("serves them from memory, and drops the copy once any change to the table commits, whoever makes it", async () => {
    const service = await buildService(t.deps.db, { name: "Catalogue A" });
    await settle();
    expect(await names(t.deps)).toContain("Catalogue A");

    // A change that notifies nobody (the trigger off) is not seen: the pages read the copy.
    await sql`alter table services disable trigger services_changed`.execute(t.deps.db);
    await sql`update services set name = 'Catalogue A renommé' where id = ${service.id}`.execute(t.deps.db);
    await sql`alter table services enable trigger services_changed`.execute(t.deps.db);
    expect(await names(t.deps)).toContain("Catalogue A");
    expect(await names(t.deps)).not.toContain("Catalogue A renommé");

    // Any committed change — here plain SQL, as the command line or another process would — drops it.
    await sql`update services set description = 'Autre description' where id = ${service.id}`.execute(t.deps.db);
    await vi.waitFor(async () => expect(await names(t.deps)).toContain("Catalogue A renommé"), eventually);
  });

  it("shows the writer's own change on the very next read", async () => {
    const service = await buildService(t.deps.db, { name: "Catalogue B" });
    await vi.waitFor(async () => expect(await names(t.deps)).toContain("Catalogue B"), eventually);
    await changeServices(t.deps.db, (trx) => updateService(trx, service.id, { active: false }));
    expect(await names(t.deps)).not.toContain("Catalogue B");
  });

  it("never keeps a change rolled back", async () => {
    const service = await buildService(t.deps.db, { name: "Catalogue C" });
    await settle();
    expect(await names(t.deps)).toContain("Catalogue C");
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await sql`update services set name = 'Catalogue C annulé' where id = ${service.id}`.execute(trx);
        // Read inside the transaction: the table itself, not the copy.
        expect((await activeServices(trx)).map((row) => row.name)).toContain("Catalogue C annulé");
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await names(t.deps)).toContain("Catalogue C");
    expect(await names(t.deps)).not.toContain("Catalogue C annulé");
  });
});

describe.skipIf(!process.env.DATABASE_URL)("Two application instances on one PostgreSQL database", () => {
  let t: TestApp;
  let other: { app: Awaited<ReturnType<typeof buildApp>>; deps: Deps; handle: DatabaseHandle };
  beforeAll(async () => {
    t = await createTestApp();
    const handle = (await openDatabaseLike(t))!;
    const deps = await createDeps({ config: readConfig({ NODE_ENV: "test" }), database: handle, clock: t.clock, log: pino({ level: "silent" }) });
    const app = await buildApp(deps, { logger: false });
    await app.ready();
    other = { app, deps, handle };
  });
  afterAll(async () => {
    await other.app.close();
    await other.deps.jobs.stop();
    await other.handle.close();
    await t.close();
  });

  it("drops the other instance's copy when a service changes through one: its dashboard follows", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const service = await buildService(t.deps.db, { tileLabel: "Tuile partagée" });
    // Signed in on the second instance (the session is in the shared database).
    const { account, browser } = await signedInMember(other, organisation);
    await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
    await acceptTermsDirectly(t.deps.db, { service, account });
    await vi.waitFor(async () => expect((await browser.get("/tableau-de-bord")).body).toContain("Tuile partagée"), eventually);
    // The second instance now serves it from memory…
    expect((await activeServices(other.deps.db)).map((row) => row.id)).toContain(service.id);

    // …until the first instance deactivates it: the notification reaches the second.
    await changeServices(t.deps.db, (trx) => updateService(trx, service.id, { active: false }));
    await vi.waitFor(async () => expect((await browser.get("/tableau-de-bord")).body).not.toContain("Tuile partagée"), eventually);
  });

  it("reads the table on every call where nothing holds them (a database no application listens to)", async () => {
    const handle = (await openDatabaseLike(t))!;
    try {
      const service = await buildService(t.deps.db, { name: "Catalogue D" });
      expect(await names({ db: handle.db })).toContain("Catalogue D");
      await sql`alter table services disable trigger services_changed`.execute(t.deps.db);
      await sql`update services set name = 'Catalogue D renommé' where id = ${service.id}`.execute(t.deps.db);
      await sql`alter table services enable trigger services_changed`.execute(t.deps.db);
      expect(await names({ db: handle.db })).toContain("Catalogue D renommé");
    } finally {
      await handle.close();
    }
  });

  it("listens again after losing its connection, and drops the copy meanwhile", async () => {
    const listening = async () =>
      (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_NAME} and query ilike '%guichet_services%'`.execute(t.deps.db)).rows;
    expect((await listening()).length).toBe(2);
    const service = await buildService(t.deps.db, { name: "Catalogue E" });
    await vi.waitFor(async () => expect(await names(other.deps)).toContain("Catalogue E"), eventually);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_NAME} and query ilike '%guichet_services%'`.execute(t.deps.db);
    await vi.waitFor(async () => expect((await listening()).length).toBe(2), eventually);
    await sql`update services set name = 'Catalogue E renommé' where id = ${service.id}`.execute(t.deps.db);
    await vi.waitFor(async () => expect(await names(other.deps)).toContain("Catalogue E renommé"), eventually);
  });
});

describe("holdActiveServicesInMemory", () => {
  it("stops holding once closed", async () => {
    const t = await createTestApp();
    try {
      const db = t.deps.db.withSchema("public");
      const held = await holdActiveServicesInMemory({ db, listen: t.deps.listen });
      const service = await buildService(t.deps.db, { name: "Catalogue F" });
      await settle();
      expect(await names({ db })).toContain("Catalogue F");
      await held.close();
      await sql`alter table services disable trigger services_changed`.execute(t.deps.db);
      await sql`update services set name = 'Catalogue F renommé' where id = ${service.id}`.execute(t.deps.db);
      await sql`alter table services enable trigger services_changed`.execute(t.deps.db);
      expect(await names({ db })).toContain("Catalogue F renommé");
    } finally {
      await t.close();
    }
  });
});

/** A second connection pool on the test's PostgreSQL database (undefined on PGlite). */
async function openDatabaseLike(t: TestApp): Promise<DatabaseHandle | undefined> {
  if (!process.env.DATABASE_URL) return undefined;
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(t.deps.db);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${rows[0]!.name}`;
  return openDatabase({ databaseUrl: url.toString() });
}
