import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { addMember, buildOrganisation, buildRegisterEntry } from "../../../../test/organisations.ts";
import type { Db } from "../../../platform/db/database.ts";
import { expectRowLocked } from "../../../../test/query-fixtures.ts";
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
  it("creates the organisation of a register line once, keeping the first one when asked again", async () => {
    const entry = await buildRegisterEntry(db, { name: "COMMUNE DE CATLLAR", addressLine: "2 rue de l'Église", postalCode: "66500", communeName: "Catllar" });
    const now = new Date("2026-03-02T09:00:00Z");
    await queries.insertOrganisationFromRegister(db, entry, now);
    await queries.insertOrganisationFromRegister(db, entry, new Date("2026-03-03T09:00:00Z"));
    const rows = await db.selectFrom("organisations").selectAll().where("registerId", "=", entry.id).execute();
    expect(rows).toEqual([
      expect.objectContaining({
        clientNumber: entry.clientNumber,
        siret: entry.siret,
        siren: entry.siren,
        name: "COMMUNE DE CATLLAR",
        addressStreet: "2 rue de l'Église",
        postalCode: "66500",
        communeInseeCode: entry.communeInseeCode,
        communeName: "Catllar",
        addressRecipient: null,
        createdAt: now,
        updatedAt: now,
      }),
    ]);
  });

  it("locks and returns the organisation of a register line, and throws for a line not on the portal", async () => {
    const organisation = await buildOrganisation(db, { name: "COMMUNE DE MOLITG" });
    const locked = await expectRowLocked(db, "organisations", organisation.id, (trx) => queries.lockOrganisationOfRegisterEntry(trx, organisation.registerId!));
    expect(locked).toEqual({ id: organisation.id, name: "COMMUNE DE MOLITG" });
    const notOnPortal = await buildRegisterEntry(db);
    await expect(queries.lockOrganisationOfRegisterEntry(db, notOnPortal.id)).rejects.toThrow();
  });

  it("puts a refused or deactivated member back to pending, undecided, as of now, and no other member", async () => {
    const organisation = await buildOrganisation(db);
    const decider = await insertTestAccount(db);
    const [refused, deactivated] = [await insertTestAccount(db), await insertTestAccount(db)];
    const refusal = await addMember(db, organisation, refused, { status: "refused" });
    const deactivation = await addMember(db, organisation, deactivated, { status: "deactivated" });
    await db.updateTable("memberships").set({ decidedBy: decider.id }).where("organisationId", "=", organisation.id).execute();
    const other = await addMember(db, organisation, await insertTestAccount(db), { status: "refused" });
    const now = new Date("2026-03-04T09:00:00Z");
    await queries.askMembershipAgain(db, refusal.id, now);
    await queries.askMembershipAgain(db, deactivation.id, now);
    const again = { status: "pending", isAdmin: false, createdAt: now, decidedAt: null, decidedBy: null };
    expect(await queries.findMembership(db, organisation.id, refused.id)).toMatchObject(again);
    expect(await queries.findMembership(db, organisation.id, deactivated.id)).toMatchObject(again);
    expect(await queries.findMembership(db, organisation.id, other.accountId)).toMatchObject({ status: "refused", decidedAt: new Date("2026-03-01T09:00:00Z") });
  });

  it("adds a pending membership, neither administrator nor decided", async () => {
    const organisation = await buildOrganisation(db);
    const account = await insertTestAccount(db);
    const now = new Date("2026-03-04T09:00:00Z");
    await queries.insertPendingMembership(db, { organisationId: organisation.id, accountId: account.id, now });
    expect(await queries.findMembership(db, organisation.id, account.id)).toMatchObject({ status: "pending", isAdmin: false, function: null, email: null, phone: null, createdAt: now, decidedAt: null });
  });

  it("finds the register line an organisation was created from, and none for an unknown organisation", async () => {
    const organisation = await buildOrganisation(db, { name: "COMMUNE DE RIA" });
    await buildOrganisation(db);
    expect(await queries.findRegisterEntryOf(db, organisation.id)).toMatchObject({ id: organisation.registerId, siret: organisation.siret, name: "COMMUNE DE RIA" });
    expect(await queries.findRegisterEntryOf(db, UNKNOWN)).toBeUndefined();
  });

  it("finds an active member's organisation and function, and nothing for a pending member", async () => {
    const organisation = await buildOrganisation(db, { name: "COMMUNE DE CONAT" });
    const [active, pending] = [await insertTestAccount(db), await insertTestAccount(db)];
    await addMember(db, organisation, active, { function: "Secrétaire de mairie" });
    await addMember(db, organisation, pending, { status: "pending" });
    expect(await queries.findActiveMembershipWithOrganisation(db, organisation.id, active.id)).toEqual({
      id: organisation.id,
      siret: organisation.siret,
      clientNumber: organisation.clientNumber,
      name: "COMMUNE DE CONAT",
      function: "Secrétaire de mairie",
    });
    expect(await queries.findActiveMembershipWithOrganisation(db, organisation.id, pending.id)).toBeUndefined();
    expect(await queries.findActiveMembershipWithOrganisation(db, (await buildOrganisation(db)).id, active.id)).toBeUndefined();
  });
});
