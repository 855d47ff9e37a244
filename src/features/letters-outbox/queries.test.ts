import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../test/accounts.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { buildLetter } from "../../../test/letters.ts";
import type { Db } from "../../platform/db/database.ts";
import { findLetterPdf, findLetterStatus, listLetters, setLetterPosted } from "./queries.ts";

const AT = new Date("2026-03-02T09:00:00Z");
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

describe("the letters outbox's queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("lists one page of letters in the states asked for, newest first, with the size of their PDF", async () => {
    const older = await buildLetter(db, { status: "generated", subject: "Ancienne", createdAt: new Date(AT.getTime() - 1000) });
    const newer = await buildLetter(db, { status: "generated", subject: "Récente", createdAt: AT });
    await buildLetter(db, { status: "queued" });
    await buildLetter(db, { status: "posted" });
    const page = await listLetters(db, { statuses: ["generated", "queued"], limit: 2, offset: 0 });
    expect(page.total).toBe(3);
    expect(page.letters.map((letter) => letter.id)).toEqual([newer.id, older.id]);
    expect(page.letters[0]).toMatchObject({ subject: "Récente", status: "generated", pdfSize: newer.pdf!.length });
    expect(page.letters[0]).not.toHaveProperty("pdf");
  });

  it("finds a letter's PDF once generated, and nothing before", async () => {
    const generated = await buildLetter(db, { status: "generated" });
    const queued = await buildLetter(db);
    expect(await findLetterPdf(db, generated.id)).toEqual({ id: generated.id, pdf: generated.pdf, createdAt: generated.createdAt });
    expect(await findLetterPdf(db, queued.id)).toBeUndefined();
  });

  it("finds a letter's state and reference", async () => {
    const letter = await buildLetter(db, { reference: "654321" });
    expect(await findLetterStatus(db, letter.id)).toEqual({ id: letter.id, status: "queued", reference: "654321" });
    expect(await findLetterStatus(db, UNKNOWN)).toBeUndefined();
  });

  it("marks a generated letter posted with who and when, and no letter in another state", async () => {
    const admin = await insertTestAccount(db);
    const generated = await buildLetter(db, { status: "generated" });
    const queued = await buildLetter(db);
    expect(await setLetterPosted(db, generated.id, admin.id, AT)).toBe(true);
    expect(await setLetterPosted(db, generated.id, admin.id, AT)).toBe(false);
    expect(await setLetterPosted(db, queued.id, admin.id, AT)).toBe(false);
    const stored = await db.selectFrom("letters").select(["status", "postedAt", "postedBy"]).where("id", "=", generated.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: "posted", postedAt: AT, postedBy: admin.id });
  });
});
