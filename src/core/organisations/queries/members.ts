import type { Updateable } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { MembershipsTable } from "../../../platform/db/schema.ts";

/** The members of an organisation and the row-level locks their administrators' decisions take. */

export type Member = Awaited<ReturnType<typeof listMembers>>[number];

/**
 * "Membres de la structure": pending requests first (they wait for a decision), then by name.
 * The e-mail shown is the one given within the organisation, else the account's.
 */
export async function listMembers(db: Db, organisationId: string) {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.accountId")
    .select([
      "memberships.id",
      "memberships.accountId",
      "memberships.status",
      "memberships.isAdmin",
      "memberships.function",
      "memberships.createdAt",
      "memberships.email as memberEmail",
      "accounts.email as accountEmail",
      "accounts.civility",
      "accounts.firstName",
      "accounts.lastName",
    ])
    .where("memberships.organisationId", "=", organisationId)
    .orderBy((eb) => eb.case().when("memberships.status", "=", "pending").then(0).else(1).end())
    .orderBy("accounts.lastName")
    .orderBy("accounts.firstName")
    .orderBy("memberships.createdAt")
    .execute();
  return rows.map(({ memberEmail, accountEmail, ...row }) => ({ ...row, email: memberEmail ?? accountEmail }));
}

/** One member of the organisation, or undefined when the membership belongs to another one. */
export async function findMember(db: Db, organisationId: string, membershipId: string) {
  const row = await db
    .selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.accountId")
    .innerJoin("organisations", "organisations.id", "memberships.organisationId")
    .select([
      "memberships.id",
      "memberships.accountId",
      "memberships.status",
      "memberships.isAdmin",
      "memberships.decidedBy",
      "memberships.email as memberEmail",
      "accounts.email as accountEmail",
      "accounts.civility",
      "accounts.firstName",
      "accounts.lastName",
      "organisations.name as organisationName",
    ])
    .where("memberships.organisationId", "=", organisationId)
    .where("memberships.id", "=", membershipId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { memberEmail, accountEmail, ...rest } = row;
  return { ...rest, email: memberEmail ?? accountEmail };
}

/**
 * Locks the organisation's administrators' memberships (in a stable order, so that two
 * transactions never wait on each other crosswise) and returns their account ids. Call inside a
 * transaction before counting or changing administrators: a concurrent change waits for the
 * commit, then sees the rows as they are by then.
 */
export async function lockAdministrators(db: Db, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships")
    .select("accountId")
    .where("organisationId", "=", organisationId)
    .where("isAdmin", "=", true)
    .where("status", "=", "active")
    .orderBy("id")
    .forUpdate()
    .execute();
  return rows.map((row) => row.accountId);
}

/** Locks one membership of the organisation for the rest of the transaction. */
export async function lockMembership(db: Db, organisationId: string, membershipId: string) {
  return db
    .selectFrom("memberships")
    .select(["id", "accountId", "status", "isAdmin", "decidedBy"])
    .where("organisationId", "=", organisationId)
    .where("id", "=", membershipId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateMembership(db: Db, membershipId: string, changes: Updateable<MembershipsTable>) {
  await db.updateTable("memberships").set(changes).where("id", "=", membershipId).execute();
}

/** Makes a pending or active member the organisation's administrator; false when they are neither. */
export async function promoteToAdministrator(db: Db, input: { organisationId: string; accountId: string; now: Date }): Promise<boolean> {
  const promoted = await db
    .updateTable("memberships")
    .set({ status: "active", isAdmin: true, decidedAt: input.now, decidedBy: null })
    .where("organisationId", "=", input.organisationId)
    .where("accountId", "=", input.accountId)
    .where("status", "in", ["pending", "active"])
    .executeTakeFirst();
  return promoted.numUpdatedRows > 0n;
}

/** Revokes a member's pending and granted grants in an organisation; returns the ids revoked (each is audited). */
export async function revokeMemberGrants(db: Db, input: { organisationId: string; accountId: string; now: Date; by: string; reason: string }) {
  return db
    .updateTable("grants")
    .set({ status: "revoked", decidedAt: input.now, decidedBy: input.by, reason: input.reason })
    .where("organisationId", "=", input.organisationId)
    .where("accountId", "=", input.accountId)
    .where("status", "in", ["pending", "granted"])
    .returning("id")
    .execute();
}

export async function deleteMembership(db: Db, membershipId: string) {
  await db.deleteFrom("memberships").where("id", "=", membershipId).execute();
}
