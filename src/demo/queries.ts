import type { Insertable } from "kysely";
import type { Db } from "../platform/db/database.ts";
import type { MembershipsTable, OrganisationsTable } from "../platform/db/schema.ts";

/** Whether any procedure exists: the demo procedures are loaded on the first start only. */
export async function hasAnyProcedure(db: Db): Promise<boolean> {
  return (await db.selectFrom("procedures").select("id").limit(1).executeTakeFirst()) !== undefined;
}

/**
 * The organisation created from a register entry, or the one already created from it (a second
 * start, or two starting at once): its id either way.
 */
export async function insertOrganisationOnce(db: Db, organisation: Insertable<OrganisationsTable> & { registerId: string }): Promise<string> {
  await db
    .insertInto("organisations")
    .values(organisation)
    .onConflict((conflict) => conflict.column("registerId").doNothing())
    .execute();
  const row = await db.selectFrom("organisations").select("id").where("registerId", "=", organisation.registerId).executeTakeFirstOrThrow();
  return row.id;
}

/** A membership, unless the person already has one in that organisation (left as it is). */
export async function insertMembershipOnce(db: Db, membership: Insertable<MembershipsTable>): Promise<void> {
  await db
    .insertInto("memberships")
    .values(membership)
    .onConflict((conflict) => conflict.columns(["organisationId", "accountId"]).doNothing())
    .execute();
}
