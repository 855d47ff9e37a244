import type { Db } from "../../../platform/db/database.ts";

/**
 * The account's civil identity (names, birth data, NIR) and whether FranceConnect verified it:
 * what procedures prefill from "votre compte". Undefined for an unknown account.
 */
export async function findCivilIdentity(db: Db, accountId: string) {
  return db
    .selectFrom("accounts")
    .select(["civility", "lastName", "firstName", "email", "birthDate", "birthCommuneCode", "birthCountryCode", "sex", "nir", "identityVerifiedAt"])
    .where("id", "=", accountId)
    .executeTakeFirst();
}
export type CivilIdentity = NonNullable<Awaited<ReturnType<typeof findCivilIdentity>>>;
