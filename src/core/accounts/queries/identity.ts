import type { Db } from "../../../platform/db/database.ts";
import { compiledOnce } from "../../../platform/db/compiled-once.ts";

// Each step saved with prefilled fields locked reads it: compiled once (platform/db/compiled-once.ts).
const civilIdentityRow = compiledOnce(1, (db: Db, accountId: string) =>
  db
    .selectFrom("accounts")
    .select(["civility", "lastName", "firstName", "email", "birthDate", "birthCommuneCode", "birthCountryCode", "sex", "nir", "identityVerifiedAt"])
    .where("id", "=", accountId),
);

/** The civil identity columns of one account (names, birth data, sex, NIR, verification). */
export async function findCivilIdentityRow(db: Db, accountId: string) {
  return (await civilIdentityRow(db, accountId))[0];
}
