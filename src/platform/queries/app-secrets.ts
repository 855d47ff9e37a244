import type { Db } from "../db/database.ts";

export async function findAppSecret(db: Db, name: string): Promise<string | undefined> {
  const row = await db.selectFrom("appSecrets").select("value").where("name", "=", name).executeTakeFirst();
  return row?.value;
}

/** Stores a secret unless another process stored one first; returns the one kept. */
export async function insertAppSecretOnce(db: Db, name: string, value: string): Promise<string> {
  await db.insertInto("appSecrets").values({ name, value }).onConflict((conflict) => conflict.column("name").doNothing()).execute();
  const row = await db.selectFrom("appSecrets").select("value").where("name", "=", name).executeTakeFirstOrThrow();
  return row.value;
}

/** Records a single-use signature (captcha, step ticket) until it expires; false when it was used already. */
export async function markSignatureUsed(db: Db, signature: string, expiresAt: Date): Promise<boolean> {
  const inserted = await db
    .insertInto("usedCaptchas")
    .values({ signature, expiresAt })
    .onConflict((conflict) => conflict.column("signature").doNothing())
    .returning("signature")
    .executeTakeFirst();
  return inserted !== undefined;
}
