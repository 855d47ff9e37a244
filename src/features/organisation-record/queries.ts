import type { Db } from "../../platform/db/database.ts";
import type { OrganisationRepresentativesTable, OrganisationsTable } from "../../platform/db/schema.ts";
import type { Updateable, Insertable } from "kysely";

/** The organisation record's own queries: its fields, its representatives, a member's coordinates. */

/** Changes some of the organisation's fields, with who changed them and when ("Modifié le …"). */
export async function updateOrganisation(
  db: Db,
  organisationId: string,
  changes: Omit<Updateable<OrganisationsTable>, "id" | "siret" | "siren" | "clientNumber" | "registerId" | "createdAt">,
) {
  await db.updateTable("organisations").set(changes).where("id", "=", organisationId).execute();
}

/** Marks the organisation changed without changing a field of its own (a representative changed). */
export async function touchOrganisation(db: Db, organisationId: string, at: Date, by: string) {
  await db.updateTable("organisations").set({ updatedAt: at, updatedBy: by }).where("id", "=", organisationId).execute();
}

/** The representatives, the legal representative first, then by name. */
export async function listRepresentatives(db: Db, organisationId: string) {
  return db
    .selectFrom("organisationRepresentatives")
    .selectAll()
    .where("organisationId", "=", organisationId)
    .orderBy("isLegalRepresentative", "desc")
    .orderBy("lastName")
    .orderBy("firstName")
    .orderBy("createdAt")
    .execute();
}

/** A representative of this organisation only: another organisation's is undefined, as an unknown one. */
export async function findRepresentative(db: Db, organisationId: string, representativeId: string) {
  return db
    .selectFrom("organisationRepresentatives")
    .selectAll()
    .where("organisationId", "=", organisationId)
    .where("id", "=", representativeId)
    .executeTakeFirst();
}

export async function insertRepresentative(db: Db, representative: Insertable<OrganisationRepresentativesTable>) {
  return db.insertInto("organisationRepresentatives").values(representative).returningAll().executeTakeFirstOrThrow();
}

export async function updateRepresentative(
  db: Db,
  organisationId: string,
  representativeId: string,
  changes: Omit<Updateable<OrganisationRepresentativesTable>, "id" | "organisationId" | "createdAt">,
) {
  await db
    .updateTable("organisationRepresentatives")
    .set(changes)
    .where("organisationId", "=", organisationId)
    .where("id", "=", representativeId)
    .execute();
}

export async function deleteRepresentative(db: Db, organisationId: string, representativeId: string) {
  const result = await db
    .deleteFrom("organisationRepresentatives")
    .where("organisationId", "=", organisationId)
    .where("id", "=", representativeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Takes the legal-representative flag from every representative but `keepId`: an organisation
 * has at most one. Returns the ids it was taken from.
 */
export async function unflagOtherLegalRepresentatives(db: Db, organisationId: string, keepId: string, at: Date) {
  const rows = await db
    .updateTable("organisationRepresentatives")
    .set({ isLegalRepresentative: false, updatedAt: at })
    .where("organisationId", "=", organisationId)
    .where("isLegalRepresentative", "=", true)
    .where("id", "<>", keepId)
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}

/** The member's phone, e-mail or function within the organisation. */
export async function updateMemberCoordinates(db: Db, membershipId: string, changes: { phone?: string | null; email?: string | null; function?: string | null }) {
  await db.updateTable("memberships").set(changes).where("id", "=", membershipId).execute();
}

/** Locks the organisation's row for the transaction: two representatives flagged at once stay one legal representative. */
export async function lockOrganisation(db: Db, organisationId: string) {
  await db.selectFrom("organisations").select("id").where("id", "=", organisationId).forUpdate().executeTakeFirst();
}
