import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { Db } from "../../../platform/db/database.ts";
import { countFailureInWindow, deleteThrottle, findLoginCandidate, findThrottleBlockedUntil, findThrottles, saveThrottle } from "./login.ts";

const AT = new Date("2026-03-02T09:00:00Z");

describe("the login's queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const throttle = (key: string, failures = 1) => saveThrottle(db, { key, failures, lastFailureAt: AT, blockedUntil: null, notifiedAt: null });

  it("finds the throttles of the keys asked for, and none for no key", async () => {
    await throttle("find:a");
    await throttle("find:b");
    await throttle("find:c");
    expect((await findThrottles(db, ["find:a", "find:c", "find:unknown"])).map((row) => row.key).sort()).toEqual(["find:a", "find:c"]);
    expect(await findThrottles(db, [])).toEqual([]);
  });

  it("saves a throttle, then overwrites the same key's counts", async () => {
    const blockedUntil = new Date(AT.getTime() + 60_000);
    await throttle("save:a", 1);
    await saveThrottle(db, { key: "save:a", failures: 5, lastFailureAt: AT, blockedUntil, notifiedAt: AT });
    expect(await findThrottles(db, ["save:a"])).toEqual([{ key: "save:a", failures: 5, lastFailureAt: AT, blockedUntil, notifiedAt: AT }]);
  });

  it("deletes one key's throttle only", async () => {
    await throttle("delete:a");
    await throttle("delete:b");
    await deleteThrottle(db, "delete:a");
    expect((await findThrottles(db, ["delete:a", "delete:b"])).map((row) => row.key)).toEqual(["delete:b"]);
  });

  it("finds the account of a login by identifier or address, with the throttles of its two keys", async () => {
    const account = await insertTestAccount(db, { mustChangePassword: true });
    await throttle("candidate:ip", 2);
    await throttle("candidate:login", 3);
    await throttle("candidate:other", 9);
    const byIdentifier = await findLoginCandidate(db, account.identifier, ["candidate:ip", "candidate:login"]);
    expect(byIdentifier.account).toEqual({
      id: account.id,
      email: account.email,
      civility: "Mme",
      lastName: "Martin",
      passwordHash: account.passwordHash,
      status: "active",
      mustChangePassword: true,
      temporaryPasswordExpiresAt: null,
      kind: "person",
      replacedPostalPasswordHash: null,
      role: "applicant",
    });
    expect(byIdentifier.throttles.map(({ key, failures, lastFailureAt }) => ({ key, failures, lastFailureAt })).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: "candidate:ip", failures: 2, lastFailureAt: AT },
      { key: "candidate:login", failures: 3, lastFailureAt: AT },
    ]);
    expect((await findLoginCandidate(db, account.email, ["x", "y"])).account?.id).toBe(account.id);
  });

  it("returns no account for an unknown login, but still the throttles of its keys", async () => {
    await throttle("unknown:ip", 4);
    const candidate = await findLoginCandidate(db, "personne@exemple.fr", ["unknown:ip", "unknown:login"]);
    expect(candidate.account).toBeNull();
    expect(candidate.throttles).toEqual([{ key: "unknown:ip", failures: 4, lastFailureAt: AT, blockedUntil: null }]);
  });
  it("finds until when a key is blocked, null when it is not blocked or unknown", async () => {
    const blockedUntil = new Date(AT.getTime() + 15 * 60_000);
    await saveThrottle(db, { key: "blocked:a", failures: 5, lastFailureAt: AT, blockedUntil, notifiedAt: null });
    await throttle("blocked:b");
    expect(await findThrottleBlockedUntil(db, "blocked:a")).toEqual(blockedUntil);
    expect(await findThrottleBlockedUntil(db, "blocked:b")).toBeNull();
    expect(await findThrottleBlockedUntil(db, "blocked:unknown")).toBeNull();
  });

  it("counts failures in the window, blocks at the maximum, and restarts the count after the window", async () => {
    const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);
    const fail = (now: Date) => countFailureInWindow(db, { key: "window:a", now, windowStart: new Date(now.getTime() - 10 * 60_000), blockUntil: new Date(now.getTime() + 30 * 60_000), maxFailures: 3 });
    const state = async () => (await findThrottles(db, ["window:a"])).map(({ failures, lastFailureAt, blockedUntil }) => ({ failures, lastFailureAt, blockedUntil }));
    await fail(minutes(0));
    expect(await state()).toEqual([{ failures: 1, lastFailureAt: minutes(0), blockedUntil: null }]);
    await fail(minutes(2));
    expect(await state()).toEqual([{ failures: 2, lastFailureAt: minutes(2), blockedUntil: null }]);
    await fail(minutes(4));
    expect(await state()).toEqual([{ failures: 3, lastFailureAt: minutes(4), blockedUntil: minutes(34) }]);
    // The last failure is older than the window: the count starts again, unblocked.
    await fail(minutes(20));
    expect(await state()).toEqual([{ failures: 1, lastFailureAt: minutes(20), blockedUntil: null }]);
  });
});
