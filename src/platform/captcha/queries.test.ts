import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../db/database.ts";
import { countCaptchaWaits, deleteExpiredCaptchas, deleteExpiredCaptchaWaits, markCaptchaUsed, recordCaptchaWait } from "./queries.ts";

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

  it("records a presented wait token the first time only, and counts an address's presentations since a time", async () => {
    const at = (time: string) => new Date(`2026-03-01T${time}Z`);
    const wait = (signature: string, ip: string, presentedAt: Date) => ({ signature, ip, presentedAt, expiresAt: new Date(presentedAt.getTime() + 3_600_000) });
    expect(await recordCaptchaWait(db, wait("w1", "192.0.2.1", at("10:00:00")))).toBe(true);
    expect(await recordCaptchaWait(db, wait("w1", "192.0.2.1", at("10:01:00")))).toBe(false);
    expect(await recordCaptchaWait(db, wait("w2", "192.0.2.1", at("10:30:00")))).toBe(true);
    expect(await recordCaptchaWait(db, wait("w3", "192.0.2.2", at("10:30:00")))).toBe(true);
    expect(await countCaptchaWaits(db, "192.0.2.1", at("09:59:59"))).toBe(2);
    expect(await countCaptchaWaits(db, "192.0.2.1", at("10:00:00"))).toBe(1);
    expect(await countCaptchaWaits(db, "198.51.100.7", at("09:00:00"))).toBe(0);
  });

  it("forgets the wait tokens whose presentation has expired, and only those", async () => {
    await deleteExpiredCaptchaWaits(db, new Date("2026-03-01T11:15:00Z"));
    const left = await db.selectFrom("captchaWaits").select("signature").orderBy("signature").execute();
    expect(left.map((row) => row.signature)).toEqual(["w2", "w3"]);
  });
});
