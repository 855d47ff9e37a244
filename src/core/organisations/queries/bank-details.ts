import type { Db } from "../../../platform/db/database.ts";

/**
 * The organisation's IBAN (issue 12): where granted aid is paid. Kept compact and checked
 * (platform/french/iban.ts) by the caller.
 */

/** Records the IBAN on the organisation's record when it has none yet ("dites-le-nous une fois"). */
export async function fillOrganisationIban(db: Db, organisationId: string, iban: string) {
  await db.updateTable("organisations").set({ iban }).where("id", "=", organisationId).where("iban", "is", null).execute();
}

/** Replaces the organisation's IBAN (the demo data; a page of "Ma structure" later). */
export async function setOrganisationIban(db: Db, organisationId: string, iban: string | null) {
  await db.updateTable("organisations").set({ iban }).where("id", "=", organisationId).execute();
}
