import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../db/database.ts";
import { addRateLimitHits, deleteEndedRateLimitCounters } from "./queries.ts";

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(() => drop());

describe("rate limit counters", () => {
  it("addRateLimitHits adds each process's hits to the shared count of a window, every hit once even when flushed at once", async () => {
    expect(await addRateLimitHits(db, [])).toEqual([]);
    expect(await addRateLimitHits(db, [{ key: "10.0.0.1", hits: 3, windowMs: 60_000 }])).toEqual([{ key: "10.0.0.1", hits: 3, ttlMs: expect.any(Number) }]);
    // Twenty processes flushing the same two addresses at once.
    const flushes = await Promise.all(
      Array.from({ length: 20 }, () =>
        addRateLimitHits(db, [
          { key: "10.0.0.2", hits: 1, windowMs: 60_000 },
          { key: "10.0.0.1", hits: 2, windowMs: 60_000 },
        ]),
      ),
    );
    const totals = flushes.map((counts) => counts.find((count) => count.key === "10.0.0.1")!.hits).sort((a, b) => a - b);
    expect(totals).toEqual(Array.from({ length: 20 }, (_, index) => 3 + 2 * (index + 1)));
    const [last] = await addRateLimitHits(db, [{ key: "10.0.0.2", hits: 1, windowMs: 60_000 }]);
    expect(last!.hits).toBe(21);
    expect(last!.ttlMs).toBeGreaterThan(50_000);
    expect(last!.ttlMs).toBeLessThanOrEqual(60_000);
  });

  it("addRateLimitHits starts a window again with the hits sent once it has ended, and deleteEndedRateLimitCounters forgets ended windows", async () => {
    await addRateLimitHits(db, [{ key: "10.0.0.3", hits: 1, windowMs: 1000 }]);
    expect((await addRateLimitHits(db, [{ key: "10.0.0.3", hits: 1, windowMs: 1000 }]))[0]!.hits).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await deleteEndedRateLimitCounters(db)).toBeGreaterThanOrEqual(1);
    await addRateLimitHits(db, [{ key: "10.0.0.4", hits: 5, windowMs: 1000 }]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await addRateLimitHits(db, [{ key: "10.0.0.4", hits: 2, windowMs: 60_000 }])).toEqual([{ key: "10.0.0.4", hits: 2, ttlMs: expect.any(Number) }]);
    const left = await db.selectFrom("rateLimitCounters").select("key").execute();
    expect(left.map((row) => row.key)).not.toContain("10.0.0.3");
  });
});
