import type { Db } from "../../../platform/db/database.ts";
import type { MembershipStatus, OrganisationsRegisterEntry } from "../../../platform/db/schema.ts";

/** Organisations, memberships and their administrators: the queries other features share. */

export async function findOrganisation(db: Db, organisationId: string) {
  return db.selectFrom("organisations").selectAll().where("id", "=", organisationId).executeTakeFirst();
}

export async function findMembership(db: Db, organisationId: string, accountId: string) {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("organisationId", "=", organisationId)
    .where("accountId", "=", accountId)
    .executeTakeFirst();
}

/** The person's organisations ("Gérer mes structures"), oldest first, with their status in each. */
export async function listMembershipsOfAccount(db: Db, accountId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisationId")
    .select([
      "organisations.id as organisationId",
      "organisations.name",
      "organisations.siret",
      "organisations.clientNumber",
      "organisations.postalCode",
      "organisations.communeName",
      "memberships.status",
      "memberships.isAdmin",
      "memberships.createdAt",
    ])
    .where("memberships.accountId", "=", accountId)
    .orderBy("memberships.createdAt")
    .execute();
}

/**
 * The organisation's administrators with the address their mail goes to: the one they gave
 * within the organisation, else their account's.
 */
export async function listAdministrators(db: Db, organisationId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.accountId")
    .select(["accounts.id as accountId", "accounts.civility", "accounts.firstName", "accounts.lastName", "accounts.email as accountEmail", "memberships.email as memberEmail"])
    .where("memberships.organisationId", "=", organisationId)
    .where("memberships.isAdmin", "=", true)
    .where("memberships.status", "=", "active")
    .orderBy("memberships.createdAt")
    .execute()
    .then((rows) => rows.map((row) => ({ ...row, email: row.memberEmail ?? row.accountEmail })));
}

export async function countAdministrators(db: Db, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("organisationId", "=", organisationId)
    .where("isAdmin", "=", true)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export type MembershipWithOrganisation = NonNullable<Awaited<ReturnType<typeof findMembershipWithOrganisation>>>;

/** The organisation seen by one of its members, or undefined when the person does not belong to it. */
export async function findMembershipWithOrganisation(db: Db, organisationId: string, accountId: string, statuses: MembershipStatus[]) {
  const row = await db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisationId")
    .selectAll("organisations")
    .select([
      "memberships.id as membershipId",
      "memberships.status as membershipStatus",
      "memberships.isAdmin",
      "memberships.phone as memberPhone",
      "memberships.email as memberEmail",
      "memberships.function as memberFunction",
      "memberships.createdAt as memberSince",
    ])
    .where("memberships.organisationId", "=", organisationId)
    .where("memberships.accountId", "=", accountId)
    .where("memberships.status", "in", statuses)
    .executeTakeFirst();
  return row;
}

/** The organisations a person administers (account deletion keeps their last administrator). */
export async function listAdministeredOrganisations(db: Db, accountId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisationId")
    .select(["organisations.id", "organisations.name"])
    .where("memberships.accountId", "=", accountId)
    .where("memberships.isAdmin", "=", true)
    .where("memberships.status", "=", "active")
    .execute();
}

/** A line of the operator's register, by its id (carried by the attach and registration forms). */
export async function findRegisterEntry(db: Db, registerId: string) {
  return db.selectFrom("organisationsRegister").selectAll().where("id", "=", registerId).executeTakeFirst();
}

/** Nobody acts for the register line's organisation yet: not on the portal, or no active member. */
export async function hasNoActiveMember(db: Db, registerId: string): Promise<boolean> {
  const active = await db
    .selectFrom("organisations")
    .innerJoin("memberships", "memberships.organisationId", "organisations.id")
    .select("memberships.id")
    .where("organisations.registerId", "=", registerId)
    .where("memberships.status", "=", "active")
    .executeTakeFirst();
  return active === undefined;
}

/** Creates the portal's record of an organisation from its register line, unless it exists already. */
export async function insertOrganisationFromRegister(db: Db, entry: OrganisationsRegisterEntry, now: Date) {
  await db
    .insertInto("organisations")
    .values({
      registerId: entry.id,
      clientNumber: entry.clientNumber,
      siret: entry.siret,
      siren: entry.siren,
      name: entry.name,
      addressRecipient: null,
      addressBuilding: null,
      addressStreet: entry.addressLine,
      addressDistribution: null,
      postalCode: entry.postalCode,
      communeInseeCode: entry.communeInseeCode,
      communeName: entry.communeName,
      country: null,
      createdAt: now,
      updatedAt: now,
      updatedBy: null,
    })
    .onConflict((conflict) => conflict.column("registerId").doNothing())
    .execute();
}

/** The organisation of a register line, locked until the end of the transaction. */
export async function lockOrganisationOfRegisterEntry(db: Db, registerId: string) {
  return db.selectFrom("organisations").select(["id", "name"]).where("registerId", "=", registerId).forUpdate().executeTakeFirstOrThrow();
}

/** A refused or deactivated member asks again: pending, no longer administrator, as of now. */
export async function askMembershipAgain(db: Db, membershipId: string, now: Date) {
  await db
    .updateTable("memberships")
    .set({ status: "pending", isAdmin: false, createdAt: now, decidedAt: null, decidedBy: null })
    .where("id", "=", membershipId)
    .execute();
}

/** A new member waiting for an administrator (or for the administrator's code). */
export async function insertPendingMembership(db: Db, input: { organisationId: string; accountId: string; now: Date }) {
  await db
    .insertInto("memberships")
    .values({
      organisationId: input.organisationId,
      accountId: input.accountId,
      status: "pending",
      isAdmin: false,
      phone: null,
      email: null,
      function: null,
      createdAt: input.now,
      decidedAt: null,
      decidedBy: null,
    })
    .execute();
}

/** The register line an organisation was created from, or undefined. */
export async function findRegisterEntryOf(db: Db, organisationId: string) {
  return db
    .selectFrom("organisations")
    .innerJoin("organisationsRegister", "organisationsRegister.id", "organisations.registerId")
    .selectAll("organisationsRegister")
    .where("organisations.id", "=", organisationId)
    .executeTakeFirst();
}

/** An active member's organisation and their function in it (what the service access rule needs). */
export async function findActiveMembershipWithOrganisation(db: Db, organisationId: string, accountId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisationId")
    .select(["organisations.id", "organisations.siret", "organisations.clientNumber", "organisations.name", "memberships.function"])
    .where("memberships.organisationId", "=", organisationId)
    .where("memberships.accountId", "=", accountId)
    .where("memberships.status", "=", "active")
    .executeTakeFirst();
}
