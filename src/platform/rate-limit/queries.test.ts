import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../db/database.ts";
import { countRateLimitHit, deleteEndedRateLimitCounters } from "./queries.ts";

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(() => drop());

describe("rate limit counters", () => {
  it("countRateLimitHit counts the hits of a window, each count once even when sent at once", async () => {
    expect(await countRateLimitHit(db, "10.0.0.1", 60_000)).toEqual({ hits: 1, ttlMs: expect.any(Number) });
    const counts = await Promise.all(Array.from({ length: 20 }, () => countRateLimitHit(db, "10.0.0.1", 60_000)));
    expect(counts.map((count) => count.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 2));
    const last = await countRateLimitHit(db, "10.0.0.1", 60_000);
    expect(last.ttlMs).toBeGreaterThan(50_000);
    expect(last.ttlMs).toBeLessThanOrEqual(60_000);
    expect((await countRateLimitHit(db, "10.0.0.2", 60_000)).hits).toBe(1);
  });

  it("countRateLimitHit starts again at 1 once the window has ended, and deleteEndedRateLimitCounters forgets ended windows", async () => {
    await countRateLimitHit(db, "10.0.0.3", 1000);
    expect((await countRateLimitHit(db, "10.0.0.3", 1000)).hits).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await deleteEndedRateLimitCounters(db)).toBeGreaterThanOrEqual(1);
    await countRateLimitHit(db, "10.0.0.4", 1000);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await countRateLimitHit(db, "10.0.0.4", 60_000)).hits).toBe(1);
    const left = await db.selectFrom("rateLimitCounters").select("key").execute();
    expect(left.map((row) => row.key)).not.toContain("10.0.0.3");
  });
});
