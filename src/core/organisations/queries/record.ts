import type { Db } from "../../../platform/db/database.ts";

/**
 * The organisation's record as a member reads it to prefill a request, with the member's own
 * coordinates (function, phone, e-mail). Undefined unless the account is an active member: a
 * request never reads the record of an organisation its applicant does not belong to.
 */
export async function findRecordOfActiveMember(db: Db, organisationId: string, accountId: string) {
  return db
    .selectFrom("organisations")
    .innerJoin("memberships", "memberships.organisationId", "organisations.id")
    .select([
      "organisations.id",
      "organisations.name",
      "organisations.siret",
      "organisations.rna",
      "organisations.clientNumber",
      "organisations.phone",
      "organisations.email",
      "organisations.addressStreet",
      "organisations.addressBuilding",
      "organisations.postalCode",
      "organisations.communeName",
      "organisations.country",
      "memberships.function as memberFunction",
      "memberships.phone as memberPhone",
      "memberships.email as memberEmail",
    ])
    .where("organisations.id", "=", organisationId)
    .where("memberships.accountId", "=", accountId)
    .where("memberships.status", "=", "active")
    .executeTakeFirst();
}
export type RecordOfMember = NonNullable<Awaited<ReturnType<typeof findRecordOfActiveMember>>>;

/** The organisation's legal representative (at most one: the earliest flagged), or undefined. */
export async function findLegalRepresentative(db: Db, organisationId: string) {
  return db
    .selectFrom("organisationRepresentatives")
    .selectAll()
    .where("organisationId", "=", organisationId)
    .where("isLegalRepresentative", "=", true)
    .orderBy("createdAt")
    .executeTakeFirst();
}
export type LegalRepresentative = NonNullable<Awaited<ReturnType<typeof findLegalRepresentative>>>;
