import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildAccount } from "../../../test/builders.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { countAdministrators } from "./queries/organisations.ts";
import { deactivateMembership } from "../../features/organisation-members/deactivate-membership.ts";
import { LastAdministratorError } from "./member-errors.ts";
import { assertNotLastAdministrator } from "./last-administrator.ts";
import { removeAdministrator } from "../../features/organisation-members/remove-administrator.ts";

const onPostgres = Boolean(process.env.DATABASE_URL);
const ip = "192.0.2.10";

describe("an organisation never loses its last administrator", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function organisationWithTwoAdministrators() {
    const organisation = await buildOrganisation(t.deps.db);
    const [first, second] = [await buildAccount(t.deps.db), await buildAccount(t.deps.db)];
    return {
      organisation,
      first: { account: first, membership: await addMember(t.deps.db, organisation, first, { isAdmin: true }) },
      second: { account: second, membership: await addMember(t.deps.db, organisation, second, { isAdmin: true }) },
    };
  }

  const waitingOnLocks = async () =>
    (await sql<{ count: number }>`select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(t.deps.db)).rows[0]?.count ?? 0;

  /**
   * On PostgreSQL, runs the decisions while a third transaction holds the administrators' locks,
   * and releases it only once both wait: they then truly race. PGlite has one connection and
   * serialises transactions, so there they simply run with Promise.all.
   */
  async function race<T>(organisationId: string, decisions: (() => Promise<T>)[]) {
    const run = () => Promise.allSettled(decisions.map((decide) => decide()));
    if (!onPostgres) return run();
    let release = () => {};
    let locked = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Locked by its own query, not by the code under test, so the gate holds whatever that code does.
    const holder = t.deps.db.transaction().execute(async (trx) => {
      await trx.selectFrom("memberships").select("id").where("organisationId", "=", organisationId).where("isAdmin", "=", true).forUpdate().execute();
      locked();
      await released;
    });
    await isLocked;
    const results = run();
    try {
      for (let attempt = 0; (await waitingOnLocks()) < decisions.length; attempt++) {
        if (attempt > 200) throw new Error("The decisions never waited on the administrators' locks");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      release();
      await holder;
    }
    return results;
  }

  it("keeps one administrator when the last two remove each other's role at once", async () => {
    const { organisation, first, second } = await organisationWithTwoAdministrators();
    const results = await race(organisation.id, [
      () => removeAdministrator(t.deps, { organisationId: organisation.id, membershipId: second.membership.id, actorId: first.account.id, ip }),
      () => removeAdministrator(t.deps, { organisationId: organisation.id, membershipId: first.membership.id, actorId: second.account.id, ip }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    // The second one is no longer an administrator by the time his turn comes.
    const [failure] = results.filter((result) => result.status === "rejected");
    expect(failure?.reason).toBeInstanceOf(NotFoundError);
    expect(await countAdministrators(t.deps.db, organisation.id)).toBe(1);
  });

  it("keeps one administrator when the last two give up their own role at once", async () => {
    const { organisation, first, second } = await organisationWithTwoAdministrators();
    const results = await race(organisation.id, [
      () => removeAdministrator(t.deps, { organisationId: organisation.id, membershipId: first.membership.id, actorId: first.account.id, ip }),
      () => removeAdministrator(t.deps, { organisationId: organisation.id, membershipId: second.membership.id, actorId: second.account.id, ip }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [failure] = results.filter((result) => result.status === "rejected");
    expect(failure?.reason).toBeInstanceOf(LastAdministratorError);
    expect((failure?.reason as LastAdministratorError).self).toBe(true);
    expect(await countAdministrators(t.deps.db, organisation.id)).toBe(1);
  });

  it("keeps one administrator when the last two deactivate themselves at once", async () => {
    const { organisation, first, second } = await organisationWithTwoAdministrators();
    const results = await race(organisation.id, [
      () => deactivateMembership(t.deps, { organisationId: organisation.id, membershipId: first.membership.id, actorId: first.account.id, ip }),
      () => deactivateMembership(t.deps, { organisationId: organisation.id, membershipId: second.membership.id, actorId: second.account.id, ip }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.find((result) => result.status === "rejected")?.reason).toBeInstanceOf(LastAdministratorError);
    expect(await countAdministrators(t.deps.db, organisation.id)).toBe(1);
    const statuses = await t.deps.db.selectFrom("memberships").select(["status", "isAdmin"]).where("organisationId", "=", organisation.id).orderBy("status").execute();
    expect(statuses).toEqual([
      { status: "active", isAdmin: true },
      { status: "deactivated", isAdmin: false },
    ]);
  });

  describe("assertNotLastAdministrator (for detaching from an organisation)", () => {
    it("refuses the only administrator, speaking to them, and lets anyone else go", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const admin = await buildAccount(t.deps.db);
      const member = await buildAccount(t.deps.db);
      await addMember(t.deps.db, organisation, admin, { isAdmin: true });
      await addMember(t.deps.db, organisation, member);

      const attempt = t.deps.db.transaction().execute((trx) => assertNotLastAdministrator(trx, organisation.id, admin.id));
      await expect(attempt).rejects.toBeInstanceOf(LastAdministratorError);
      await expect(attempt).rejects.toThrow("Vous êtes le dernier administrateur de cette structure");
      await expect(t.deps.db.transaction().execute((trx) => assertNotLastAdministrator(trx, organisation.id, member.id))).resolves.toBeUndefined();
      await expect(
        t.deps.db.transaction().execute((trx) => assertNotLastAdministrator(trx, organisation.id, admin.id, { self: false })),
      ).rejects.toThrow("Ce membre est le dernier administrateur de cette structure");
    });

    it("lets an administrator go when another remains", async () => {
      const { organisation, first } = await organisationWithTwoAdministrators();
      await expect(t.deps.db.transaction().execute((trx) => assertNotLastAdministrator(trx, organisation.id, first.account.id))).resolves.toBeUndefined();
    });
  });
});
