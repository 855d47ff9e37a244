import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import { fixedClock } from "../clock.ts";
import type { Db } from "../db/database.ts";
import { findMail, insertMail, markMailSent, recordMailFailure } from "./queries.ts";

describe("mail queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  const clock = fixedClock();
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const store = (subject: string) =>
    insertMail(db, { toAddress: "claude@example.fr", subject, textBody: "texte", htmlBody: "<p>texte</p>", createdAt: clock.now() });

  it("stores a mail, unsent and never tried, and finds it by its id", async () => {
    const id = await store("Stocké");
    expect(await findMail(db, id)).toMatchObject({ id, subject: "Stocké", toAddress: "claude@example.fr", sentAt: null, attempts: 0, attachments: [] });
  });

  it("finds nothing for an unknown id", async () => {
    expect(await findMail(db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("marks a mail sent once: a second acceptance keeps the first date", async () => {
    const id = await store("Envoyé");
    await recordMailFailure(db, id, "421 plus tard");
    await markMailSent(db, id, new Date("2026-03-01T10:00:00Z"));
    await markMailSent(db, id, new Date("2026-03-01T10:05:00Z"));
    expect(await findMail(db, id)).toMatchObject({ sentAt: new Date("2026-03-01T10:00:00Z"), attempts: 2, lastError: null });
  });

  it("counts a failed attempt and keeps its reason, cut to 500 characters", async () => {
    const id = await store("Refusé");
    await recordMailFailure(db, id, "x".repeat(600));
    expect(await findMail(db, id)).toMatchObject({ sentAt: null, attempts: 1, lastError: "x".repeat(500) });
  });
});
