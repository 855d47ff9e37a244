import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../db/database.ts";
import { deleteExpiredCaptchas, markCaptchaUsed } from "./queries.ts";

describe("captcha queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("marks a challenge used the first time only", async () => {
    const captcha = { signature: "a".repeat(64), expiresAt: new Date("2026-03-01T10:20:00Z") };
    expect(await markCaptchaUsed(db, captcha)).toBe(true);
    expect(await markCaptchaUsed(db, captcha)).toBe(false);
  });

  it("forgets the used challenges that have expired, and only those", async () => {
    await markCaptchaUsed(db, { signature: "b".repeat(64), expiresAt: new Date("2026-03-01T09:00:00Z") });
    await markCaptchaUsed(db, { signature: "c".repeat(64), expiresAt: new Date("2026-03-01T11:00:00Z") });
    await deleteExpiredCaptchas(db, new Date("2026-03-01T10:00:00Z"));
    const left = await db.selectFrom("usedCaptchas").select("signature").orderBy("signature").execute();
    expect(left.map((row) => row.signature[0])).toEqual(["a", "c"]);
  });
});
