import type { Insertable } from "kysely";
import type { Db } from "../src/platform/db/database.ts";
import type { LettersTable } from "../src/platform/db/schema.ts";

const CREATED_AT = new Date("2026-03-01T09:00:00Z");

/**
 * A letter row as the queue leaves it (queued, no PDF yet) unless told otherwise; a later status
 * comes with what the table requires of it (a PDF once generated, the date it was posted or cancelled).
 */
export async function buildLetter(db: Db, overrides: Partial<Insertable<LettersTable>> = {}) {
  const status = overrides.status ?? "queued";
  return db
    .insertInto("letters")
    .values({
      recipientName: "COMMUNE D'EUS",
      recipientDetail: "Monsieur le Maire",
      recipientComplement: null,
      recipientStreet: "1 place de la Mairie",
      recipientDistribution: null,
      recipientPostalCode: "66500",
      recipientCommune: "EUS",
      recipientCountry: null,
      subject: "Votre code d'activation",
      body: JSON.stringify([{ type: "paragraph", text: "Madame, Monsieur," }]),
      reference: "123456",
      createdAt: CREATED_AT,
      status,
      pdf: status === "queued" ? null : new TextEncoder().encode("%PDF-1.7 test"),
      generatedAt: status === "queued" ? null : CREATED_AT,
      postedAt: status === "posted" ? CREATED_AT : null,
      cancelledAt: status === "cancelled" ? CREATED_AT : null,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
