import type { Db } from "../../platform/db/database.ts";
import type { LetterStatus } from "../../platform/db/schema.ts";
import { letterTransitions } from "../../platform/letters/status.ts";

/** One page of letters in the given states, newest first, without their PDFs. */
export async function listLetters(db: Db, filter: { statuses: readonly LetterStatus[]; limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom("letters")
      .select([
        "id", "recipientName", "recipientPostalCode", "recipientCommune", "recipientCountry", "subject", "reference",
        "status", "provider", "attempts", "lastError", "createdAt", "generatedAt", "postedAt", "cancelledAt",
      ])
      .select((eb) => eb.fn<number | null>("octet_length", ["pdf"]).as("pdfSize"))
      .where("status", "in", filter.statuses)
      // Letters queued within the same instant still come back in a stable order.
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    db
      .selectFrom("letters")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where("status", "in", filter.statuses)
      .executeTakeFirstOrThrow(),
  ]);
  return { letters: rows, total: Number(count.total) };
}

export type LetterSummary = Awaited<ReturnType<typeof listLetters>>["letters"][number];

/** A letter's PDF, once generated; the id must already be a valid uuid. */
export async function findLetterPdf(db: Db, id: string) {
  return db.selectFrom("letters").select(["id", "pdf", "createdAt"]).where("id", "=", id).where("pdf", "is not", null).executeTakeFirst();
}

export async function findLetterStatus(db: Db, id: string) {
  return db.selectFrom("letters").select(["id", "status", "reference"]).where("id", "=", id).executeTakeFirst();
}

/** generated → posted, recording who posted it; false when the letter was not waiting to be posted. */
export async function setLetterPosted(db: Db, id: string, by: string, at: Date) {
  const result = await db
    .updateTable("letters")
    .set({ status: letterTransitions.post.to, postedAt: at, postedBy: by })
    .where("id", "=", id)
    .where("status", "in", letterTransitions.post.from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

