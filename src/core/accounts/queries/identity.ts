import type { Db } from "../../../platform/db/database.ts";
import { compiledOnce } from "../../../platform/db/compiled-once.ts";

// Read wherever a page prefills from the account (a step shown, a filing, « Mon compte »): compiled once.
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
