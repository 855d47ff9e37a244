import type { Db } from "../../../platform/db/database.ts";

/** The civil identity columns of one account (names, birth data, sex, NIR, verification). */
export async function findCivilIdentityRow(db: Db, accountId: string) {
  return db
    .selectFrom("accounts")
    .select(["civility", "lastName", "firstName", "email", "birthDate", "birthCommuneCode", "birthCountryCode", "sex", "nir", "identityVerifiedAt"])
    .where("id", "=", accountId)
    .executeTakeFirst();
}
