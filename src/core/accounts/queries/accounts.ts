import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { AccountUpdate, NewAccount, TokenPurpose } from "../../../platform/db/schema.ts";

/** Login by identifier or e-mail, ignoring case (the caller trims and lowercases). */
export async function findAccountByLogin(db: Db, normalizedLogin: string) {
  return db
    .selectFrom("accounts")
    .selectAll()
    .where((eb) => eb.or([eb(sql`lower(identifier)`, "=", normalizedLogin), eb(sql`lower(email)`, "=", normalizedLogin)]))
    // An identifier that looks like someone else's address must not shadow it: identifiers cannot contain "@".
    .executeTakeFirst();
}

export async function findAccountById(db: Db, id: string) {
  return db.selectFrom("accounts").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findAccountByEmail(db: Db, normalizedEmail: string) {
  return db.selectFrom("accounts").selectAll().where(sql`lower(email)`, "=", normalizedEmail).executeTakeFirst();
}

export async function findAccountByIdentifier(db: Db, normalizedIdentifier: string) {
  return db.selectFrom("accounts").selectAll().where(sql`lower(identifier)`, "=", normalizedIdentifier).executeTakeFirst();
}

/** How many of these identifiers (lower case) have an account. */
export async function countAccountsWithIdentifiers(db: Db, normalizedIdentifiers: string[]): Promise<number> {
  if (normalizedIdentifiers.length === 0) return 0;
  const row = await db.selectFrom("accounts").select((eb) => eb.fn.countAll<string>().as("count")).where(sql`lower(identifier)`, "in", normalizedIdentifiers).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Inserts an account; returns null when the identifier or address is already taken (unique index). */
export async function insertAccount(db: Db, account: NewAccount) {
  try {
    return await db.insertInto("accounts").values(account).returningAll().executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export async function updateAccount(db: Db, id: string, changes: AccountUpdate) {
  return db.updateTable("accounts").set(changes).where("id", "=", id).returningAll().executeTakeFirst();
}

export async function deleteAccount(db: Db, id: string) {
  await db.deleteFrom("accounts").where("id", "=", id).execute();
}

export async function insertToken(
  db: Db,
  token: { tokenHash: string; accountId: string; purpose: TokenPurpose; newEmail?: string | null; createdAt: Date; expiresAt: Date },
) {
  await db.insertInto("accountTokens").values({ ...token, newEmail: token.newEmail ?? null }).execute();
}

/** Marks a token used if it is still usable; the single UPDATE makes "single use" hold under concurrency. */
export async function useToken(db: Db, tokenHash: string, purpose: TokenPurpose, now: Date) {
  return db
    .updateTable("accountTokens")
    .set({ usedAt: now })
    .where("tokenHash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("usedAt", "is", null)
    .where("expiresAt", ">", now)
    .returningAll()
    .executeTakeFirst();
}

export async function findToken(db: Db, tokenHash: string, purpose: TokenPurpose) {
  return db
    .selectFrom("accountTokens")
    .selectAll()
    .where("tokenHash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
}

/** A new link cancels the previous unused ones of the same purpose. */
export async function deleteUnusedTokens(db: Db, accountId: string, purpose: TokenPurpose) {
  await db
    .deleteFrom("accountTokens")
    .where("accountId", "=", accountId)
    .where("purpose", "=", purpose)
    .where("usedAt", "is", null)
    .execute();
}

export async function insertPasswordHistory(db: Db, accountId: string, passwordHash: string, createdAt: Date) {
  await db.insertInto("passwordHistory").values({ accountId, passwordHash, createdAt }).execute();
}

export async function recentPasswordHashes(db: Db, accountId: string, count: number) {
  const rows = await db
    .selectFrom("passwordHistory")
    .select("passwordHash")
    .where("accountId", "=", accountId)
    .orderBy("createdAt", "desc")
    .limit(count)
    .execute();
  return rows.map((row) => row.passwordHash);
}

/** Keeps only the entries the reuse rule needs. */
export async function prunePasswordHistory(db: Db, accountId: string, keep: number) {
  await db
    .deleteFrom("passwordHistory")
    .where("accountId", "=", accountId)
    .where(
      "createdAt",
      "<",
      db.selectFrom("passwordHistory").select("createdAt").where("accountId", "=", accountId).orderBy("createdAt", "desc").offset(keep - 1).limit(1),
    )
    .execute();
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";
}
