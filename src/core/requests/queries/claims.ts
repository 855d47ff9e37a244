import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";

/**
 * The request a number names, with what deciding whether a code may be sent needs: who holds it,
 * where its mails go, whether it was filed for an organisation, and its procedure's title (for
 * the mail). Locked when `forUpdate`, so two attachments of one request cannot cross.
 */
export async function findRequestByNumber(db: Db, number: string, options: { forUpdate?: boolean } = {}) {
  let query = db
    .selectFrom("requests")
    .innerJoin("procedureVersions", "procedureVersions.id", "requests.procedureVersionId")
    .select([
      "requests.id",
      "requests.number",
      "requests.status",
      "requests.applicantId",
      "requests.applicantEmail",
      "requests.organisationId",
      sql<string>`procedure_versions.definition ->> 'titre'`.as("title"),
    ])
    .where("requests.number", "=", number);
  if (options.forUpdate) query = query.forUpdate("requests");
  return query.executeTakeFirst();
}
export type NumberedRequest = NonNullable<Awaited<ReturnType<typeof findRequestByNumber>>>;

/** Codes sent for a request since a date, whoever asked (the mailbox they fill is the request's). */
export async function countClaimsSince(db: Db, requestId: string, since: Date, accountId?: string): Promise<number> {
  let query = db.selectFrom("requestClaims").select((eb) => eb.fn.countAll<string>().as("count")).where("requestId", "=", requestId).where("createdAt", ">", since);
  if (accountId) query = query.where("accountId", "=", accountId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Ends the live codes of a request — one account's (a new code replaces the previous one), or
 * everyone's (the request has just been attached). Ending is expiring now: the row and its
 * attempts stay for the record.
 */
export async function expireLiveClaims(db: Db, input: { requestId: string; accountId?: string; now: Date }) {
  let query = db
    .updateTable("requestClaims")
    .set({ expiresAt: input.now })
    .where("requestId", "=", input.requestId)
    .where("usedAt", "is", null)
    .where("expiresAt", ">", input.now);
  if (input.accountId) query = query.where("accountId", "=", input.accountId);
  await query.execute();
}

export async function insertClaim(db: Db, claim: { requestId: string; accountId: string; codeHash: string; now: Date; expiresAt: Date }) {
  return db
    .insertInto("requestClaims")
    .values({ requestId: claim.requestId, accountId: claim.accountId, codeHash: claim.codeHash, createdAt: claim.now, expiresAt: claim.expiresAt, usedAt: null })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/**
 * The one code of this account for this request that can still be typed (not used, not
 * expired or replaced, attempts left), locked for the attempt.
 */
export async function findLiveClaim(db: Db, input: { requestId: string; accountId: string; now: Date; maxAttempts: number }) {
  return db
    .selectFrom("requestClaims")
    .select(["id", "codeHash", "attempts"])
    .where("requestId", "=", input.requestId)
    .where("accountId", "=", input.accountId)
    .where("usedAt", "is", null)
    .where("expiresAt", ">", input.now)
    .where("attempts", "<", input.maxAttempts)
    .orderBy("createdAt", "desc")
    .forUpdate()
    .executeTakeFirst();
}

/** Counts one wrong code; returns the attempts made with it so far. */
export async function recordWrongAttempt(db: Db, claimId: string): Promise<number> {
  const row = await db
    .updateTable("requestClaims")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", claimId)
    .returning("attempts")
    .executeTakeFirstOrThrow();
  return row.attempts;
}

export async function markClaimUsed(db: Db, claimId: string, now: Date) {
  await db.updateTable("requestClaims").set({ usedAt: now }).where("id", "=", claimId).execute();
}

/** The request changes hands: from now on only this account reaches it. */
export async function moveRequestToAccount(db: Db, input: { requestId: string; accountId: string; now: Date }) {
  await db.updateTable("requests").set({ applicantId: input.accountId, updatedAt: input.now }).where("id", "=", input.requestId).execute();
}

/** Who held the request before, to tell them it has left their account. */
export async function findAccountAddressee(db: Db, accountId: string) {
  return db.selectFrom("accounts").select(["email", "civility", "lastName"]).where("id", "=", accountId).executeTakeFirst();
}
