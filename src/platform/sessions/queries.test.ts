import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../test/accounts.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import type { Db } from "../db/database.ts";
import * as queries from "./queries.ts";

const AT = new Date("2026-03-02T09:00:00Z");
const HOUR = 3_600_000;
const later = (ms: number) => new Date(AT.getTime() + ms);

describe("the sessions' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  let tokens = 0;
  const session = (accountId: string, fields: { now?: Date; expiresAt?: Date } = {}) => {
    const tokenHash = `token-${++tokens}`;
    const now = fields.now ?? AT;
    return queries
      .insertSession(db, { tokenHash, accountId, now, expiresAt: fields.expiresAt ?? later(12 * HOUR), ip: "192.0.2.1", userAgent: "Firefox" })
      .then(({ id }) => ({ id, tokenHash }));
  };
  const idsOf = async (accountId: string) => (await queries.listSessionsOfAccount(db, accountId, new Date(0), AT)).map((row) => row.id).sort();

  it("opens a session acting for the person's oldest organisation, pending or active", async () => {
    const account = await insertTestAccount(db);
    const [refused, oldest, newer] = [await buildOrganisation(db), await buildOrganisation(db), await buildOrganisation(db)];
    await addMember(db, refused, account, { status: "refused" });
    await addMember(db, newer, account);
    await addMember(db, oldest, account, { status: "pending" });
    await db.updateTable("memberships").set({ createdAt: new Date("2026-01-01T00:00:00Z") }).where("organisationId", "=", oldest.id).execute();
    await db.updateTable("memberships").set({ createdAt: new Date("2025-01-01T00:00:00Z") }).where("organisationId", "=", refused.id).execute();
    const { id } = await session(account.id);
    expect(await db.selectFrom("sessions").select(["accountId", "currentOrganisationId", "ip", "userAgent"]).where("id", "=", id).executeTakeFirst()).toEqual({
      accountId: account.id,
      currentOrganisationId: oldest.id,
      ip: "192.0.2.1",
      userAgent: "Firefox",
    });
    const alone = await insertTestAccount(db);
    const { tokenHash } = await session(alone.id);
    expect((await queries.findSessionWithAccount(db, tokenHash))?.currentOrganisationId).toBeNull();
  });

  it("opens a session and records its login event in one statement", async () => {
    const account = await insertTestAccount(db);
    const organisation = await buildOrganisation(db);
    await addMember(db, organisation, account);
    await queries.insertSessionWithAuditEvent(
      db,
      { tokenHash: "with-event", accountId: account.id, now: AT, expiresAt: later(HOUR), ip: "192.0.2.7", userAgent: "Edge" },
      { event: "account.login_succeeded", ip: "192.0.2.7", details: { method: "password" } },
    );
    expect(await queries.findSessionWithAccount(db, "with-event")).toMatchObject({ accountId: account.id, currentOrganisationId: organisation.id });
    const events = await db.selectFrom("auditEvents").selectAll().where("accountId", "=", account.id).execute();
    expect(events).toEqual([expect.objectContaining({ event: "account.login_succeeded", actorId: account.id, ip: "192.0.2.7", occurredAt: AT, details: { method: "password" } })]);
  });

  it("finds a session by its token hash with the person (civility and names, for the pages' greeting) and the organisation they act for while they belong to it", async () => {
    const account = await insertTestAccount(db, { firstName: "Léa", role: "platform_admin" });
    const organisation = await buildOrganisation(db, { name: "COMMUNE D'EUS" });
    const membership = await addMember(db, organisation, account, { isAdmin: true });
    const { id, tokenHash } = await session(account.id);
    expect(await queries.findSessionWithAccount(db, tokenHash)).toEqual({
      sessionId: id,
      currentOrganisationId: organisation.id,
      currentOrganisationName: "COMMUNE D'EUS",
      membershipStatus: "active",
      isOrganisationAdmin: true,
      lastSeenAt: AT,
      expiresAt: later(12 * HOUR),
      accountId: account.id,
      identifier: account.identifier,
      civility: account.civility,
      firstName: "Léa",
      lastName: "Martin",
      email: account.email,
      role: "platform_admin",
      mustChangePassword: false,
      // Moved once, by the membership (migration 0029).
      dashboardVersion: 1,
      personAsRead: expect.any(String),
    });
    // The same text at each read while nothing of the person changes: kept pages are stamped with it.
    const asRead = (await queries.findSessionWithAccount(db, tokenHash))?.personAsRead;
    await db.updateTable("sessions").set({ lastSeenAt: later(HOUR) }).where("id", "=", id).execute();
    expect((await queries.findSessionWithAccount(db, tokenHash))?.personAsRead).toBe(asRead);
    await db.updateTable("memberships").set({ status: "deactivated", isAdmin: false }).where("id", "=", membership.id).execute();
    const after = await queries.findSessionWithAccount(db, tokenHash);
    expect(after).toMatchObject({ sessionId: id, currentOrganisationId: null, membershipStatus: null, isOrganisationAdmin: null, dashboardVersion: 2 });
    expect(after?.personAsRead).not.toBe(asRead);
    expect(await queries.findSessionWithAccount(db, "unknown-token")).toBeUndefined();
  });

  it("records when a session was last seen", async () => {
    const account = await insertTestAccount(db);
    const { id, tokenHash } = await session(account.id);
    await queries.touchSession(db, id, later(HOUR));
    expect((await queries.findSessionWithAccount(db, tokenHash))?.lastSeenAt).toEqual(later(HOUR));
  });

  it("deletes one session", async () => {
    const account = await insertTestAccount(db);
    const [ended, kept] = [await session(account.id), await session(account.id)];
    await queries.deleteSession(db, ended.id);
    expect(await idsOf(account.id)).toEqual([kept.id]);
  });

  it("deletes the sessions of an account but the one kept, and counts them", async () => {
    const account = await insertTestAccount(db);
    const other = await insertTestAccount(db);
    const current = await session(account.id);
    await session(account.id);
    await session(account.id);
    const others = await session(other.id);
    expect(await queries.deleteSessionsOfAccount(db, account.id, current.id)).toBe(2);
    expect(await idsOf(account.id)).toEqual([current.id]);
    expect(await queries.deleteSessionsOfAccount(db, account.id)).toBe(1);
    expect(await idsOf(other.id)).toEqual([others.id]);
  });

  it("lists an account's live sessions, last seen first, without the idle or expired ones", async () => {
    const account = await insertTestAccount(db);
    const older = await session(account.id, { now: later(-2 * HOUR) });
    const newer = await session(account.id, { now: later(-HOUR) });
    await session(account.id, { now: later(-5 * HOUR) });
    await session(account.id, { now: later(-HOUR), expiresAt: AT });
    const rows = await queries.listSessionsOfAccount(db, account.id, later(-3 * HOUR), AT);
    expect(rows.map((row) => row.id)).toEqual([newer.id, older.id]);
    expect(rows[0]).toEqual({ id: newer.id, createdAt: later(-HOUR), lastSeenAt: later(-HOUR), ip: "192.0.2.1", userAgent: "Firefox" });
  });

  it("deletes the idle and the expired sessions, keeping the live ones", async () => {
    const account = await insertTestAccount(db);
    const live = await session(account.id, { now: later(-HOUR) });
    await session(account.id, { now: later(-5 * HOUR) });
    await session(account.id, { now: later(-HOUR), expiresAt: AT });
    await queries.deleteExpiredSessions(db, later(-3 * HOUR), AT);
    expect(await idsOf(account.id)).toEqual([live.id]);
  });

  it("changes the organisation a session acts for, or none", async () => {
    const account = await insertTestAccount(db);
    const [first, second] = [await buildOrganisation(db), await buildOrganisation(db)];
    await addMember(db, first, account);
    await addMember(db, second, account);
    const { id, tokenHash } = await session(account.id);
    await queries.setCurrentOrganisation(db, id, second.id);
    expect((await queries.findSessionWithAccount(db, tokenHash))?.currentOrganisationId).toBe(second.id);
    await queries.setCurrentOrganisation(db, id, null);
    expect((await queries.findSessionWithAccount(db, tokenHash))?.currentOrganisationId).toBeNull();
  });
  it("makes a person's sessions acting for an organisation act for none, leaving the others", async () => {
    const [account, colleague] = [await insertTestAccount(db), await insertTestAccount(db)];
    const [left, kept] = [await buildOrganisation(db), await buildOrganisation(db)];
    for (const person of [account, colleague]) {
      await addMember(db, left, person);
      await addMember(db, kept, person);
    }
    const [first, second, other, colleagues] = [await session(account.id), await session(account.id), await session(account.id), await session(colleague.id)];
    for (const { id } of [first, second, colleagues]) await queries.setCurrentOrganisation(db, id, left.id);
    await queries.setCurrentOrganisation(db, other.id, kept.id);
    await queries.stopActingFor(db, account.id, left.id);
    const actingFor = async (id: string) => (await db.selectFrom("sessions").select("currentOrganisationId").where("id", "=", id).executeTakeFirstOrThrow()).currentOrganisationId;
    expect(await actingFor(first.id)).toBeNull();
    expect(await actingFor(second.id)).toBeNull();
    expect(await actingFor(other.id)).toBe(kept.id);
    expect(await actingFor(colleagues.id)).toBe(left.id);
  });

  it("keeps the id_token of a FranceConnect login, given at the login or later, for the logout", async () => {
    const account = await insertTestAccount(db);
    const { id } = await session(account.id);
    expect(await queries.findFranceConnectIdToken(db, id)).toBeNull();
    await queries.setFranceConnectIdToken(db, id, "id-token-later");
    expect(await queries.findFranceConnectIdToken(db, id)).toBe("id-token-later");
    await queries.insertSessionWithAuditEvent(
      db,
      { tokenHash: "fc-login", accountId: account.id, now: AT, expiresAt: later(HOUR), ip: "192.0.2.8", userAgent: "Firefox", franceconnectIdToken: "id-token-at-login" },
      { event: "account.login_succeeded", ip: "192.0.2.8", details: { via: "franceconnect" } },
    );
    const opened = await queries.findSessionWithAccount(db, "fc-login");
    expect(await queries.findFranceConnectIdToken(db, opened?.sessionId ?? "")).toBe("id-token-at-login");
    const plain = await queries.insertSession(db, { tokenHash: "fc-plain", accountId: account.id, now: AT, expiresAt: later(HOUR), ip: "192.0.2.8", userAgent: "Firefox", franceconnectIdToken: "id-token-plain" });
    expect(await queries.findFranceConnectIdToken(db, plain.id)).toBe("id-token-plain");
  });
});
