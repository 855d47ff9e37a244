import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import { setLetterCancelled } from "../../../platform/letters/queries.ts";

/**
 * Locks the organisation's row, then counts its administrators: every change of who
 * administers an organisation takes this lock first, so two of them cannot cross.
 */
export async function countAdministratorsLocked(db: Db, organisationId: string): Promise<number> {
  await db.selectFrom("organisations").select("id").where("id", "=", organisationId).forUpdate().executeTakeFirst();
  const row = await db
    .selectFrom("memberships")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("organisationId", "=", organisationId)
    .where("isAdmin", "=", true)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return row.count;
}

/**
 * Cancels the live codes of a person (or of everyone when no account is given) for an
 * organisation, and their letters when they have not left yet.
 */
export async function cancelLiveCodes(db: Db, input: { organisationId: string; accountId?: string; now: Date; by: string }) {
  let query = db
    .updateTable("adminActivationCodes")
    .set({ cancelledAt: input.now })
    .where("organisationId", "=", input.organisationId)
    .where("usedAt", "is", null)
    .where("cancelledAt", "is", null);
  if (input.accountId) query = query.where("accountId", "=", input.accountId);
  const cancelled = await query.returning("letterId").execute();
  for (const { letterId } of cancelled) await setLetterCancelled(db, letterId, input.by, input.now);
}

/** The person's codes for an organisation, newest first, with their letter's state (for the page). */
export async function listCodesOf(db: Db, organisationId: string, accountId: string) {
  return db
    .selectFrom("adminActivationCodes")
    .innerJoin("letters", "letters.id", "adminActivationCodes.letterId")
    .select([
      "adminActivationCodes.id",
      "adminActivationCodes.codeHash",
      "adminActivationCodes.attempts",
      "adminActivationCodes.createdAt",
      "adminActivationCodes.expiresAt",
      "adminActivationCodes.usedAt",
      "adminActivationCodes.cancelledAt",
      "letters.status as letterStatus",
      "letters.postedAt as letterPostedAt",
    ])
    .where("adminActivationCodes.organisationId", "=", organisationId)
    .where("adminActivationCodes.accountId", "=", accountId)
    .orderBy("adminActivationCodes.createdAt", "desc")
    .execute();
}

export type CodeWithLetter = Awaited<ReturnType<typeof listCodesOf>>[number];

/** Marks the activation codes that are a temporary password posted to the legal representative (seed 002). */
export const POSTAL_PASSWORD_MARK = "mot-de-passe-temporaire:";

/** The person's postal temporary passwords still valid that expire at `expiresAt` (the password just replaced). */
export async function listLivePostalPasswords(db: Db, input: { accountId: string; now: Date; expiresAt: Date }) {
  return db
    .selectFrom("adminActivationCodes")
    .select(["id", "organisationId"])
    .where("accountId", "=", input.accountId)
    .where("codeHash", "like", `${POSTAL_PASSWORD_MARK}%`)
    .where("usedAt", "is", null)
    .where("cancelledAt", "is", null)
    .where("expiresAt", ">", input.now)
    .where("expiresAt", "=", input.expiresAt)
    .execute();
}

export async function markActivationCodeUsed(db: Db, codeId: string, now: Date) {
  await db.updateTable("adminActivationCodes").set({ usedAt: now }).where("id", "=", codeId).execute();
}

/** A person's activation codes for an organisation, newest first, locked (attempts are counted under the lock). */
export async function lockCodesOf(db: Db, organisationId: string, accountId: string) {
  return db
    .selectFrom("adminActivationCodes")
    .selectAll()
    .where("organisationId", "=", organisationId)
    .where("accountId", "=", accountId)
    .orderBy("createdAt", "desc")
    .forUpdate()
    .execute();
}

export async function setActivationCodeAttempts(db: Db, codeId: string, attempts: number) {
  await db.updateTable("adminActivationCodes").set({ attempts }).where("id", "=", codeId).execute();
}

/** Letters asked for an organisation since a date: by anyone, and by this person. */
export async function countRecentCodes(db: Db, input: { organisationId: string; accountId: string; since: Date }): Promise<{ all: number; mine: number }> {
  const row = await db
    .selectFrom("adminActivationCodes")
    .select((eb) => [eb.fn.countAll<string>().as("all"), eb.fn.countAll<string>().filterWhere("accountId", "=", input.accountId).as("mine")])
    .where("organisationId", "=", input.organisationId)
    .where("createdAt", ">", input.since)
    .executeTakeFirstOrThrow();
  return { all: Number(row.all), mine: Number(row.mine) };
}

/** The code of a letter to the legal representative, stored as its hash. */
export async function insertActivationCode(db: Db, code: { organisationId: string; accountId: string; codeHash: string; letterId: string; now: Date; expiresAt: Date }) {
  await db
    .insertInto("adminActivationCodes")
    .values({
      organisationId: code.organisationId,
      accountId: code.accountId,
      codeHash: code.codeHash,
      letterId: code.letterId,
      createdAt: code.now,
      expiresAt: code.expiresAt,
      usedAt: null,
      cancelledAt: null,
    })
    .execute();
}

/** Whether another person's posted temporary password for this organisation can still be used: that person's letter makes them the first user. */
export async function hasLivePostalPasswordOfAnother(db: Db, input: { organisationId: string; accountId: string; now: Date }): Promise<boolean> {
  const row = await db
    .selectFrom("adminActivationCodes")
    .select("id")
    .where("organisationId", "=", input.organisationId)
    .where("accountId", "<>", input.accountId)
    .where("codeHash", "like", `${POSTAL_PASSWORD_MARK}%`)
    .where("usedAt", "is", null)
    .where("cancelledAt", "is", null)
    .where("expiresAt", ">", input.now)
    .executeTakeFirst();
  return row !== undefined;
}
