import type { Db } from "../../../platform/db/database.ts";

/** The account a FranceConnect identity ("sub") is linked to, with what a login needs of it. */
export async function findAccountOfFranceConnectSubject(db: Db, subject: string) {
  return db
    .selectFrom("franceconnectLinks")
    .innerJoin("accounts", "accounts.id", "franceconnectLinks.accountId")
    .select(["accounts.id", "accounts.identifier", "accounts.email", "accounts.status", "accounts.mustChangePassword", "accounts.passwordHash"])
    .where("franceconnectLinks.subject", "=", subject)
    .executeTakeFirst();
}

/** What "Mon compte" shows: since when the account is linked (null: it is not), and whether it has a password. */
export async function findFranceConnectStatus(db: Db, accountId: string) {
  return db
    .selectFrom("accounts")
    .leftJoin("franceconnectLinks", "franceconnectLinks.accountId", "accounts.id")
    .select(["accounts.passwordHash", "franceconnectLinks.linkedAt"])
    .where("accounts.id", "=", accountId)
    .executeTakeFirst();
}

/**
 * Links an account to a FranceConnect identity. False when either is already linked (the account
 * is the primary key, the subject unique): one identity for one account, even when two requests
 * race.
 */
export async function insertFranceConnectLink(db: Db, link: { accountId: string; subject: string; linkedAt: Date }): Promise<boolean> {
  // Without a conflict target, both unique constraints are covered and no error aborts the caller's transaction.
  const inserted = await db.insertInto("franceconnectLinks").values(link).onConflict((oc) => oc.doNothing()).returning("accountId").executeTakeFirst();
  return inserted !== undefined;
}

/** Undoes an account's link; false when there was none. */
export async function deleteFranceConnectLink(db: Db, accountId: string): Promise<boolean> {
  const result = await db.deleteFrom("franceconnectLinks").where("accountId", "=", accountId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
