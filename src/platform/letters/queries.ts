import type { Insertable } from "kysely";
import type { Db } from "../db/database.ts";
import type { LettersTable } from "../db/schema.ts";
import { letterTransitions } from "./status.ts";

/** One letter with everything needed to render and send it. */
export async function findLetterForGeneration(db: Db, id: string) {
  return db
    .selectFrom("letters")
    .select([
      "id", "status", "provider", "subject", "body", "reference", "createdAt", "pdf", "attempts",
      "recipientName", "recipientDetail", "recipientComplement", "recipientStreet", "recipientDistribution",
      "recipientPostalCode", "recipientCommune", "recipientCountry",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** queued → generated, with its PDF; a letter cancelled meanwhile is left alone. */
export async function saveGeneratedLetter(db: Db, id: string, pdf: Uint8Array, generatedAt: Date) {
  const result = await db
    .updateTable("letters")
    .set({ status: "generated", pdf, generatedAt, lastError: null })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records the provider that took the letter; a provider that posts it moves it to posted. */
export async function saveHandedOverLetter(
  db: Db,
  id: string,
  handover: { provider: string; providerReference: string | null; postedAt: Date | null },
) {
  await db
    .updateTable("letters")
    .set({
      provider: handover.provider,
      providerReference: handover.providerReference,
      lastError: null,
      ...(handover.postedAt ? { status: "posted" as const, postedAt: handover.postedAt } : {}),
    })
    .where("id", "=", id)
    .where("status", "=", "generated")
    .where("provider", "is", null)
    .execute();
}

export async function recordLetterFailure(db: Db, id: string, attempts: number, error: unknown) {
  await db.updateTable("letters").set({ attempts, lastError: String(error).slice(0, 500) }).where("id", "=", id).execute();
}

/** queued or generated → cancelled; false when the letter had already left or been cancelled. */
export async function setLetterCancelled(db: Db, id: string, by: string, at: Date) {
  const result = await db
    .updateTable("letters")
    .set({ status: letterTransitions.cancel.to, cancelledAt: at, cancelledBy: by })
    .where("id", "=", id)
    .where("status", "in", letterTransitions.cancel.from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A letter waiting to be generated (its PDF is made by the generate-letter job). */
export async function insertLetter(db: Db, letter: Insertable<LettersTable>) {
  return db.insertInto("letters").values(letter).returning("id").executeTakeFirstOrThrow();
}
