import type { Db } from "../db/database.ts";

/**
 * Records a solved challenge as used. True for the first submission only, even when two arrive
 * at once (the signature is the primary key).
 */
export async function markCaptchaUsed(db: Db, captcha: { signature: string; expiresAt: Date }): Promise<boolean> {
  const inserted = await db
    .insertInto("usedCaptchas")
    .values(captcha)
    .onConflict((oc) => oc.column("signature").doNothing())
    .returning("signature")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Forgets the used challenges that have expired: a replay of those is refused by its expiry. */
export async function deleteExpiredCaptchas(db: Db, now: Date): Promise<void> {
  await db.deleteFrom("usedCaptchas").where("expiresAt", "<", now).execute();
}

/**
 * Records a "short wait" token presented from the plain-HTML path. True the first time only (the
 * signature is the primary key), even when two submissions arrive at once.
 */
export async function recordCaptchaWait(db: Db, wait: { signature: string; ip: string; presentedAt: Date; expiresAt: Date }): Promise<boolean> {
  const inserted = await db
    .insertInto("captchaWaits")
    .values(wait)
    .onConflict((oc) => oc.column("signature").doNothing())
    .returning("signature")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** How many "short wait" tokens issued to this address were presented since `since`. */
export async function countCaptchaWaits(db: Db, ip: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("captchaWaits")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("ip", "=", ip)
    .where("presentedAt", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Forgets the presentations that no longer matter: token expired and out of the hourly count. */
export async function deleteExpiredCaptchaWaits(db: Db, now: Date): Promise<void> {
  await db.deleteFrom("captchaWaits").where("expiresAt", "<", now).execute();
}
