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
