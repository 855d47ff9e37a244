import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { addMember, buildOrganisation } from "../../../../test/organisations.ts";
import { buildGrant, buildService } from "../../../../test/services.ts";
import type { Db } from "../../../platform/db/database.ts";
import { deleteMembership, findMember, listMembers, lockAdministrators, lockMembership, promoteToAdministrator, revokeMemberGrants, updateMembership } from "./members.ts";

const AT = new Date("2026-03-02T09:00:00Z");

describe("the members' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("lists the members pending first, then by name, with the address given in the organisation if any", async () => {
    const organisation = await buildOrganisation(db);
    const zola = await insertTestAccount(db, { lastName: "Zola" });
    const bernard = await insertTestAccount(db, { lastName: "Bernard" });
    const martin = await insertTestAccount(db, { lastName: "Martin" });
    await addMember(db, organisation, zola, { status: "pending" });
    await addMember(db, organisation, martin, { email: "mairie@eus.fr" });
    await addMember(db, organisation, bernard, { isAdmin: true });
    await addMember(db, await buildOrganisation(db), await insertTestAccount(db));
    const members = await listMembers(db, organisation.id);
    expect(members.map((member) => [member.lastName, member.status, member.email])).toEqual([
      ["Zola", "pending", zola.email],
      ["Bernard", "active", bernard.email],
      ["Martin", "active", "mairie@eus.fr"],
    ]);
  });

  it("finds a member of this organisation only, with the organisation's name", async () => {
    const organisation = await buildOrganisation(db, { name: "COMMUNE DE PRADES" });
    const account = await insertTestAccount(db);
    const membership = await addMember(db, organisation, account, { email: "moi@prades.fr" });
    expect(await findMember(db, organisation.id, membership.id)).toMatchObject({
      accountId: account.id,
      status: "active",
      email: "moi@prades.fr",
      organisationName: "COMMUNE DE PRADES",
    });
    expect(await findMember(db, (await buildOrganisation(db)).id, membership.id)).toBeUndefined();
  });

  it("locks and returns the accounts of the active administrators only", async () => {
    const organisation = await buildOrganisation(db);
    const [first, second, former] = [await insertTestAccount(db), await insertTestAccount(db), await insertTestAccount(db)];
    await addMember(db, organisation, first, { isAdmin: true });
    await addMember(db, organisation, second, { isAdmin: true });
    await addMember(db, organisation, former, { status: "deactivated" });
    await addMember(db, organisation, await insertTestAccount(db));
    const locked = await db.transaction().execute((trx) => lockAdministrators(trx, organisation.id));
    expect(locked.sort()).toEqual([first.id, second.id].sort());
  });

  it("locks one membership of the organisation, and none of another organisation", async () => {
    const organisation = await buildOrganisation(db);
    const account = await insertTestAccount(db);
    const membership = await addMember(db, organisation, account, { status: "pending" });
    await db.transaction().execute(async (trx) => {
      expect(await lockMembership(trx, organisation.id, membership.id)).toEqual({ id: membership.id, accountId: account.id, status: "pending", isAdmin: false, decidedBy: null });
      expect(await lockMembership(trx, (await buildOrganisation(trx)).id, membership.id)).toBeUndefined();
    });
  });

  it("changes one membership", async () => {
    const organisation = await buildOrganisation(db);
    const decider = await insertTestAccount(db);
    const membership = await addMember(db, organisation, await insertTestAccount(db), { status: "pending" });
    const other = await addMember(db, organisation, await insertTestAccount(db), { status: "pending" });
    await updateMembership(db, membership.id, { status: "active", decidedAt: AT, decidedBy: decider.id });
    expect(await findMember(db, organisation.id, membership.id)).toMatchObject({ status: "active", decidedBy: decider.id });
    expect(await findMember(db, organisation.id, other.id)).toMatchObject({ status: "pending", decidedBy: null });
  });
  it("makes a pending or active member the administrator, and no one refused or outside the organisation", async () => {
    const organisation = await buildOrganisation(db);
    const pending = await addMember(db, organisation, await insertTestAccount(db), { status: "pending" });
    const active = await addMember(db, organisation, await insertTestAccount(db));
    const refused = await addMember(db, organisation, await insertTestAccount(db), { status: "refused" });
    const promote = (accountId: string) => promoteToAdministrator(db, { organisationId: organisation.id, accountId, now: AT });
    expect(await promote(pending.accountId)).toBe(true);
    expect(await promote(active.accountId)).toBe(true);
    expect(await promote(refused.accountId)).toBe(false);
    expect(await promote((await insertTestAccount(db)).id)).toBe(false);
    expect(await findMember(db, organisation.id, pending.id)).toMatchObject({ status: "active", isAdmin: true, decidedBy: null });
    expect(await findMember(db, organisation.id, refused.id)).toMatchObject({ status: "refused", isAdmin: false });
    expect((await lockAdministrators(db, organisation.id)).sort()).toEqual([pending.accountId, active.accountId].sort());
  });

  it("revokes a member's pending and granted grants in the organisation, and returns their ids", async () => {
    const organisation = await buildOrganisation(db);
    const [member, other, admin] = [await insertTestAccount(db), await insertTestAccount(db), await insertTestAccount(db)];
    const [first, second, third, fourth] = [await buildService(db), await buildService(db), await buildService(db), await buildService(db)];
    const pending = await buildGrant(db, { service: first, account: member, organisation, status: "pending" });
    const granted = await buildGrant(db, { service: second, account: member, organisation, status: "granted" });
    const refused = await buildGrant(db, { service: third, account: member, organisation, status: "refused" });
    const elsewhere = await buildGrant(db, { service: first, account: member, organisation: await buildOrganisation(db), status: "granted" });
    const others = await buildGrant(db, { service: fourth, account: other, organisation, status: "granted" });
    const revoked = await revokeMemberGrants(db, { organisationId: organisation.id, accountId: member.id, now: AT, by: admin.id, reason: "Départ de la structure" });
    expect(revoked.map((row) => row.id).sort()).toEqual([pending.id, granted.id].sort());
    const statusOf = async (id: string) => db.selectFrom("grants").select(["status", "decidedAt", "decidedBy", "reason"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(await statusOf(granted.id)).toEqual({ status: "revoked", decidedAt: AT, decidedBy: admin.id, reason: "Départ de la structure" });
    expect((await statusOf(refused.id)).status).toBe("refused");
    expect((await statusOf(elsewhere.id)).status).toBe("granted");
    expect((await statusOf(others.id)).status).toBe("granted");
  });

  it("deletes one membership, and nothing for an unknown id", async () => {
    const organisation = await buildOrganisation(db);
    const membership = await addMember(db, organisation, await insertTestAccount(db), { status: "pending" });
    const other = await addMember(db, organisation, await insertTestAccount(db));
    await deleteMembership(db, membership.id);
    await deleteMembership(db, "00000000-0000-4000-8000-000000000000");
    expect((await listMembers(db, organisation.id)).map((row) => row.id)).toEqual([other.id]);
  });
});
