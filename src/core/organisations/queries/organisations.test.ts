import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { addMember, buildOrganisation, buildRegisterEntry } from "../../../../test/organisations.ts";
import type { Db } from "../../../platform/db/database.ts";
import * as queries from "./organisations.ts";

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

describe("the organisations' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("finds an organisation by its id", async () => {
    const organisation = await buildOrganisation(db, { name: "COMMUNE DE PRADES" });
    expect(await queries.findOrganisation(db, organisation.id)).toMatchObject({ id: organisation.id, name: "COMMUNE DE PRADES", siret: organisation.siret });
    expect(await queries.findOrganisation(db, UNKNOWN)).toBeUndefined();
  });

  it("finds a person's membership of one organisation", async () => {
    const organisation = await buildOrganisation(db);
    const account = await insertTestAccount(db);
    const membership = await addMember(db, organisation, account, { status: "pending" });
    expect(await queries.findMembership(db, organisation.id, account.id)).toMatchObject({ id: membership.id, status: "pending" });
    expect(await queries.findMembership(db, (await buildOrganisation(db)).id, account.id)).toBeUndefined();
  });

  it("lists a person's organisations oldest first, with their status in each", async () => {
    const account = await insertTestAccount(db);
    const [first, second] = [await buildOrganisation(db, { name: "PREMIÈRE" }), await buildOrganisation(db, { name: "SECONDE" })];
    await addMember(db, second, account, { status: "pending" });
    await addMember(db, first, account, { isAdmin: true });
    // addMember dates every membership alike: date them apart to check the order.
    await db.updateTable("memberships").set({ createdAt: new Date("2026-01-01T00:00:00Z") }).where("organisationId", "=", first.id).execute();
    await addMember(db, await buildOrganisation(db), await insertTestAccount(db));
    const memberships = await queries.listMembershipsOfAccount(db, account.id);
    expect(memberships.map((row) => [row.organisationId, row.name, row.status, row.isAdmin])).toEqual([
      [first.id, "PREMIÈRE", "active", true],
      [second.id, "SECONDE", "pending", false],
    ]);
  });

  it("lists the active administrators with the address given in the organisation, else their account's", async () => {
    const organisation = await buildOrganisation(db);
    const [withAddress, without] = [await insertTestAccount(db), await insertTestAccount(db)];
    await addMember(db, organisation, withAddress, { isAdmin: true, email: "maire@eus.fr" });
    await addMember(db, organisation, without, { isAdmin: true });
    await addMember(db, organisation, await insertTestAccount(db));
    const administrators = await queries.listAdministrators(db, organisation.id);
    expect(administrators.map((row) => [row.accountId, row.email]).sort()).toEqual(
      [
        [withAddress.id, "maire@eus.fr"],
        [without.id, without.email],
      ].sort(),
    );
  });

  it("counts the active administrators of one organisation", async () => {
    const organisation = await buildOrganisation(db);
    expect(await queries.countAdministrators(db, organisation.id)).toBe(0);
    await addMember(db, organisation, await insertTestAccount(db), { isAdmin: true });
    await addMember(db, organisation, await insertTestAccount(db), { isAdmin: true });
    await addMember(db, organisation, await insertTestAccount(db));
    await addMember(db, await buildOrganisation(db), await insertTestAccount(db), { isAdmin: true });
    expect(await queries.countAdministrators(db, organisation.id)).toBe(2);
  });

  it("finds the organisation seen by a member whose status is among those asked for", async () => {
    const organisation = await buildOrganisation(db, { name: "COMMUNE D'ILLE" });
    const account = await insertTestAccount(db);
    const membership = await addMember(db, organisation, account, { status: "pending", function: "Secrétaire", phone: "0468000000" });
    expect(await queries.findMembershipWithOrganisation(db, organisation.id, account.id, ["pending", "active"])).toMatchObject({
      id: organisation.id,
      name: "COMMUNE D'ILLE",
      membershipId: membership.id,
      membershipStatus: "pending",
      memberFunction: "Secrétaire",
      memberPhone: "0468000000",
    });
    expect(await queries.findMembershipWithOrganisation(db, organisation.id, account.id, ["active"])).toBeUndefined();
  });

  it("lists the organisations a person administers, and not those where they are a plain member", async () => {
    const account = await insertTestAccount(db);
    const administered = await buildOrganisation(db, { name: "ADMINISTRÉE" });
    await addMember(db, administered, account, { isAdmin: true });
    await addMember(db, await buildOrganisation(db), account);
    expect(await queries.listAdministeredOrganisations(db, account.id)).toEqual([{ id: administered.id, name: "ADMINISTRÉE" }]);
  });

  it("finds a line of the register by its id", async () => {
    const entry = await buildRegisterEntry(db, { name: "COMMUNE DE VINÇA" });
    expect(await queries.findRegisterEntry(db, entry.id)).toMatchObject({ clientNumber: entry.clientNumber, name: "COMMUNE DE VINÇA" });
    expect(await queries.findRegisterEntry(db, UNKNOWN)).toBeUndefined();
  });

  it("tells a register line nobody acts for (not on the portal, or no active member) from one with an active member", async () => {
    const absent = await buildRegisterEntry(db);
    expect(await queries.hasNoActiveMember(db, absent.id)).toBe(true);
    const organisation = await buildOrganisation(db);
    const account = await insertTestAccount(db);
    const membership = await addMember(db, organisation, account, { status: "pending" });
    expect(await queries.hasNoActiveMember(db, organisation.registerId!)).toBe(true);
    await db.updateTable("memberships").set({ status: "active" }).where("id", "=", membership.id).execute();
    expect(await queries.hasNoActiveMember(db, organisation.registerId!)).toBe(false);
  });
});
