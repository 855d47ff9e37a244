import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../test/accounts.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { buildLetter } from "../../../test/letters.ts";
import type { Db } from "../db/database.ts";
import { findLetterForGeneration, insertLetter, recordLetterFailure, saveGeneratedLetter, saveHandedOverLetter, setLetterCancelled } from "./queries.ts";

const AT = new Date("2026-03-02T09:00:00Z");
const PDF = new TextEncoder().encode("%PDF-1.7 lettre");

describe("the letters' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const stored = (id: string) => db.selectFrom("letters").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  it("finds a letter with its address and body, parsed", async () => {
    const letter = await buildLetter(db, { recipientName: "COMMUNE DE PRADES" });
    expect(await findLetterForGeneration(db, letter.id)).toMatchObject({
      id: letter.id,
      status: "queued",
      recipientName: "COMMUNE DE PRADES",
      recipientPostalCode: "66500",
      body: [{ type: "paragraph", text: "Madame, Monsieur," }],
      pdf: null,
    });
    expect(await findLetterForGeneration(db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("saves the PDF of a queued letter only, clearing its last error", async () => {
    const queued = await buildLetter(db, { lastError: "Chromium absent" });
    const cancelled = await buildLetter(db, { status: "cancelled" });
    expect(await saveGeneratedLetter(db, queued.id, PDF, AT)).toBe(true);
    const generated = await stored(queued.id);
    expect(generated).toMatchObject({ status: "generated", generatedAt: AT, lastError: null });
    // PGlite reads a bytea as a Uint8Array, pg as a Buffer: compare the bytes.
    expect(Buffer.from(generated.pdf!).equals(Buffer.from(PDF))).toBe(true);
    expect(await saveGeneratedLetter(db, cancelled.id, PDF, AT)).toBe(false);
    expect((await stored(cancelled.id)).status).toBe("cancelled");
  });

  it("records the provider a generated letter went to, posted when the provider posts it, once", async () => {
    const kept = await buildLetter(db, { status: "generated" });
    const posted = await buildLetter(db, { status: "generated" });
    await saveHandedOverLetter(db, kept.id, { provider: "outbox", providerReference: null, postedAt: null });
    expect(await stored(kept.id)).toMatchObject({ status: "generated", provider: "outbox", postedAt: null });
    await saveHandedOverLetter(db, posted.id, { provider: "laposte", providerReference: "LP-42", postedAt: AT });
    expect(await stored(posted.id)).toMatchObject({ status: "posted", provider: "laposte", providerReference: "LP-42", postedAt: AT });
    // A letter already handed over is not handed over again.
    await saveHandedOverLetter(db, kept.id, { provider: "laposte", providerReference: "LP-43", postedAt: AT });
    expect(await stored(kept.id)).toMatchObject({ status: "generated", provider: "outbox", providerReference: null });
  });

  it("records a failure with its attempts and a message cut to 500 characters", async () => {
    const letter = await buildLetter(db);
    await recordLetterFailure(db, letter.id, 3, new Error("x".repeat(600)));
    const row = await stored(letter.id);
    expect(row.attempts).toBe(3);
    expect(row.lastError).toBe(`Error: ${"x".repeat(493)}`);
  });

  it("cancels a queued or generated letter with who and when, and not one already posted", async () => {
    const admin = await insertTestAccount(db);
    const queued = await buildLetter(db);
    const posted = await buildLetter(db, { status: "posted" });
    expect(await setLetterCancelled(db, queued.id, admin.id, AT)).toBe(true);
    expect(await stored(queued.id)).toMatchObject({ status: "cancelled", cancelledAt: AT, cancelledBy: admin.id });
    expect(await setLetterCancelled(db, queued.id, admin.id, AT)).toBe(false);
    expect(await setLetterCancelled(db, posted.id, admin.id, AT)).toBe(false);
  });
  it("stores a letter waiting to be generated and returns its id", async () => {
    const { id } = await insertLetter(db, {
      recipientName: "COMMUNE DE PRADES",
      recipientDetail: "Monsieur le Maire",
      recipientComplement: null,
      recipientStreet: "2 place de la République",
      recipientDistribution: null,
      recipientPostalCode: "66500",
      recipientCommune: "PRADES",
      recipientCountry: null,
      subject: "Votre code d'activation",
      body: JSON.stringify([{ type: "paragraph", text: "Madame, Monsieur," }]),
      reference: "654321",
      createdAt: AT,
      status: "queued",
    });
    expect(await stored(id)).toMatchObject({
      status: "queued",
      recipientName: "COMMUNE DE PRADES",
      recipientStreet: "2 place de la République",
      reference: "654321",
      createdAt: AT,
      pdf: null,
      attempts: 0,
      provider: null,
    });
    expect(await findLetterForGeneration(db, id)).toMatchObject({ body: [{ type: "paragraph", text: "Madame, Monsieur," }] });
  });
});
