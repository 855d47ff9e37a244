import type { Db } from "../../../platform/db/database.ts";

/** The partner account of a user number (stored normalized, see partner-identifier.ts). */
export async function findPartnerByUserNumber(db: Db, userNumber: string) {
  return db.selectFrom("accounts").selectAll().where("kind", "=", "partner").where("userNumber", "=", userNumber).executeTakeFirst();
}

/** Whether a user number already belongs to an account (partner or not: the index is on all accounts). */
export async function userNumberTaken(db: Db, userNumber: string): Promise<boolean> {
  return (await db.selectFrom("accounts").select("id").where("userNumber", "=", userNumber).executeTakeFirst()) !== undefined;
}

/** The newest partner accounts, for the operator's page. */
export async function listPartners(db: Db, limit: number) {
  return db
    .selectFrom("accounts")
    .select(["id", "identifier", "userNumber", "civility", "lastName", "firstName", "email", "postalCode", "postalCommune", "mustChangePassword", "createdAt"])
    .where("kind", "=", "partner")
    .orderBy("createdAt", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
}
export type PartnerSummary = Awaited<ReturnType<typeof listPartners>>[number];
