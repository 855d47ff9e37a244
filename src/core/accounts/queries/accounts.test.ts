import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { Db } from "../../../platform/db/database.ts";
import * as queries from "./accounts.ts";

const AT = new Date("2026-03-02T09:00:00Z");
const later = (ms: number) => new Date(AT.getTime() + ms);

describe("the accounts' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const token = (accountId: string, tokenHash: string, overrides: { expiresAt?: Date; purpose?: "activation" | "password_reset" } = {}) =>
    queries.insertToken(db, { tokenHash, accountId, purpose: overrides.purpose ?? "password_reset", createdAt: AT, expiresAt: overrides.expiresAt ?? later(3_600_000) });

  it("finds an account by its identifier or its address, whatever the case stored", async () => {
    const account = await insertTestAccount(db, { identifier: `Anne.Login${Date.now()}`, email: `Anne.Login${Date.now()}@Exemple.fr` });
    expect((await queries.findAccountByLogin(db, account.identifier.toLowerCase()))?.id).toBe(account.id);
    expect((await queries.findAccountByLogin(db, account.email.toLowerCase()))?.id).toBe(account.id);
    expect(await queries.findAccountByLogin(db, "personne@exemple.fr")).toBeUndefined();
  });

  it("finds an account by its id", async () => {
    const account = await insertTestAccount(db);
    expect(await queries.findAccountById(db, account.id)).toMatchObject({ id: account.id, email: account.email });
    expect(await queries.findAccountById(db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("finds an account by its address only, ignoring case", async () => {
    const account = await insertTestAccount(db, { email: `Paul.${Date.now()}@Exemple.fr` });
    expect((await queries.findAccountByEmail(db, account.email.toLowerCase()))?.id).toBe(account.id);
    expect(await queries.findAccountByEmail(db, account.identifier.toLowerCase())).toBeUndefined();
  });

  it("finds an account by its identifier only, ignoring case", async () => {
    const account = await insertTestAccount(db, { identifier: `Paul.Ident${Date.now()}` });
    expect((await queries.findAccountByIdentifier(db, account.identifier.toLowerCase()))?.id).toBe(account.id);
    expect(await queries.findAccountByIdentifier(db, account.email.toLowerCase())).toBeUndefined();
  });

  it("inserts an account, and returns null when its identifier or address is taken", async () => {
    const taken = await insertTestAccount(db);
    const { id: _id, ...fields } = taken;
    expect(await queries.insertAccount(db, { ...fields, email: `autre.${Date.now()}@exemple.fr` })).toBeNull();
    expect(await queries.insertAccount(db, { ...fields, identifier: `autre.${Date.now()}` })).toBeNull();
    const inserted = await queries.insertAccount(db, { ...fields, identifier: `neuf.${Date.now()}`, email: `neuf.${Date.now()}@exemple.fr` });
    expect(inserted).toMatchObject({ lastName: taken.lastName, status: "active" });
    expect(inserted?.id).not.toBe(taken.id);
  });

  it("changes an account and returns it, undefined for an unknown one", async () => {
    const account = await insertTestAccount(db);
    expect(await queries.updateAccount(db, account.id, { lastName: "Durand", updatedAt: AT })).toMatchObject({ id: account.id, lastName: "Durand", updatedAt: AT });
    expect((await queries.findAccountById(db, account.id))?.lastName).toBe("Durand");
    expect(await queries.updateAccount(db, "00000000-0000-4000-8000-000000000000", { lastName: "Personne" })).toBeUndefined();
  });

  it("deletes one account and no other", async () => {
    const account = await insertTestAccount(db);
    const other = await insertTestAccount(db);
    await queries.deleteAccount(db, account.id);
    expect(await queries.findAccountById(db, account.id)).toBeUndefined();
    expect(await queries.findAccountById(db, other.id)).toBeDefined();
  });

  it("stores a token, and finds it by its hash and purpose", async () => {
    const account = await insertTestAccount(db);
    await queries.insertToken(db, { tokenHash: "stored", accountId: account.id, purpose: "email_change", newEmail: "nouvelle@exemple.fr", createdAt: AT, expiresAt: later(1000) });
    await token(account.id, "no-new-email");
    expect(await queries.findToken(db, "stored", "email_change")).toMatchObject({ accountId: account.id, newEmail: "nouvelle@exemple.fr", usedAt: null });
    expect((await queries.findToken(db, "no-new-email", "password_reset"))?.newEmail).toBeNull();
  });

  it("finds a token only for its own purpose", async () => {
    const account = await insertTestAccount(db);
    await token(account.id, "reset-only");
    expect(await queries.findToken(db, "reset-only", "password_reset")).toBeDefined();
    expect(await queries.findToken(db, "reset-only", "activation")).toBeUndefined();
  });

  it("uses a token once, and never once expired or for another purpose", async () => {
    const account = await insertTestAccount(db);
    await token(account.id, "once");
    await token(account.id, "expired", { expiresAt: later(1000) });
    expect(await queries.useToken(db, "once", "activation", AT)).toBeUndefined();
    expect(await queries.useToken(db, "once", "password_reset", AT)).toMatchObject({ accountId: account.id, usedAt: AT });
    expect(await queries.useToken(db, "once", "password_reset", AT)).toBeUndefined();
    expect(await queries.useToken(db, "expired", "password_reset", later(1000))).toBeUndefined();
  });

  it("deletes the unused tokens of one account and purpose, keeping used ones", async () => {
    const account = await insertTestAccount(db);
    const other = await insertTestAccount(db);
    await token(account.id, "unused");
    await token(account.id, "used");
    await queries.useToken(db, "used", "password_reset", AT);
    await token(account.id, "activation", { purpose: "activation" });
    await token(other.id, "someone-else");
    await queries.deleteUnusedTokens(db, account.id, "password_reset");
    expect(await queries.findToken(db, "unused", "password_reset")).toBeUndefined();
    expect(await queries.findToken(db, "used", "password_reset")).toBeDefined();
    expect(await queries.findToken(db, "activation", "activation")).toBeDefined();
    expect(await queries.findToken(db, "someone-else", "password_reset")).toBeDefined();
  });

  it("records a password in the history, newest first", async () => {
    const account = await insertTestAccount(db);
    await queries.insertPasswordHistory(db, account.id, "hash-2", later(2000));
    await queries.insertPasswordHistory(db, account.id, "hash-1", later(1000));
    expect(await queries.recentPasswordHashes(db, account.id, 10)).toEqual(["hash-2", "hash-1"]);
  });

  it("reads only the number of recent password hashes asked for", async () => {
    const account = await insertTestAccount(db);
    await queries.insertPasswordHistory(db, account.id, "hash-1", later(1000));
    expect(await queries.recentPasswordHashes(db, account.id, 1)).toEqual(["hash-1"]);
  });

  it("prunes the history down to the newest entries of the account only", async () => {
    const account = await insertTestAccount(db);
    const other = await insertTestAccount(db);
    await queries.insertPasswordHistory(db, other.id, "other-hash", AT);
    for (let index = 1; index <= 4; index++) await queries.insertPasswordHistory(db, account.id, `hash-${index}`, later(index * 1000));
    await queries.prunePasswordHistory(db, account.id, 2);
    expect(await queries.recentPasswordHashes(db, account.id, 10)).toEqual(["hash-4", "hash-3"]);
    expect(await queries.recentPasswordHashes(db, other.id, 10)).toEqual(["other-hash"]);
  });

  it("recognises the database's unique violation, and nothing else", async () => {
    const account = await insertTestAccount(db);
    const error = await db.insertInto("passwordHistory").values({ accountId: "00000000-0000-4000-8000-000000000000", passwordHash: "x", createdAt: AT }).execute().catch((caught: unknown) => caught);
    expect(queries.isUniqueViolation(error)).toBe(false);
    const duplicate = await db
      .insertInto("accounts")
      .values({ ...(({ id: _id, ...fields }) => fields)(account) })
      .execute()
      .catch((caught: unknown) => caught);
    expect(queries.isUniqueViolation(duplicate)).toBe(true);
    expect(queries.isUniqueViolation(null)).toBe(false);
  });
});
