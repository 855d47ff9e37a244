import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { Db } from "../../../platform/db/database.ts";
import { deleteFranceConnectLink, findAccountOfFranceConnectSubject, findFranceConnectStatus, insertFranceConnectLink } from "./franceconnect.ts";

const AT = new Date("2026-03-02T09:00:00Z");

describe("the FranceConnect links' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("links one identity to one account: a second identity for the account, or the identity for a second account, is refused", async () => {
    const first = await insertTestAccount(db);
    const second = await insertTestAccount(db);
    expect(await insertFranceConnectLink(db, { accountId: first.id, subject: "sub-1", linkedAt: AT })).toBe(true);
    expect(await insertFranceConnectLink(db, { accountId: first.id, subject: "sub-2", linkedAt: AT })).toBe(false);
    expect(await insertFranceConnectLink(db, { accountId: second.id, subject: "sub-1", linkedAt: AT })).toBe(false);
    expect(await findAccountOfFranceConnectSubject(db, "sub-1")).toMatchObject({ id: first.id, status: "active", identifier: first.identifier });
    expect(await findAccountOfFranceConnectSubject(db, "sub-2")).toBeUndefined();
  });

  it("says since when an account is linked and gives its password hash", async () => {
    const account = await insertTestAccount(db);
    expect(await findFranceConnectStatus(db, account.id)).toEqual({ passwordHash: account.passwordHash, linkedAt: null });
    await insertFranceConnectLink(db, { accountId: account.id, subject: "sub-status", linkedAt: AT });
    expect(await findFranceConnectStatus(db, account.id)).toEqual({ passwordHash: account.passwordHash, linkedAt: AT });
  });

  it("unlinks an account, after which its former identity can link again", async () => {
    const account = await insertTestAccount(db);
    await insertFranceConnectLink(db, { accountId: account.id, subject: "sub-unlink", linkedAt: AT });
    expect(await deleteFranceConnectLink(db, account.id)).toBe(true);
    expect(await deleteFranceConnectLink(db, account.id)).toBe(false);
    expect(await findAccountOfFranceConnectSubject(db, "sub-unlink")).toBeUndefined();
    const other = await insertTestAccount(db);
    expect(await insertFranceConnectLink(db, { accountId: other.id, subject: "sub-unlink", linkedAt: AT })).toBe(true);
  });
});
