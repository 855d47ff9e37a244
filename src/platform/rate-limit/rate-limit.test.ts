import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../../test/app.ts";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../db/database.ts";
import { postgresRateLimitStore, rateLimitStorage, SharedRateLimitCounts } from "./rate-limit.ts";

const REDIS_URL = "redis://127.0.0.1:6379";
const redisAnswers = await (async () => {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, enableOfflineQueue: false });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
})();
if (!redisAnswers) console.warn(`Redis does not answer on ${REDIS_URL}: the Redis tests of the per-IP ceiling are skipped.`);

/** A random address per test, so runs sharing one Redis never count each other's requests. */
const randomIp = () => `10.${randomBytes(3).join(".")}`;

/** Two "processes" of a portal: two Fastify instances counting in the same place, ceiling 6 a minute. */
async function twoInstances(options: (app: FastifyInstance) => Parameters<typeof rateLimit>[1] | Promise<Parameters<typeof rateLimit>[1]>): Promise<FastifyInstance[]> {
  const instances: FastifyInstance[] = [];
  for (let index = 0; index < 2; index++) {
    const app = Fastify();
    await app.register(rateLimit, { ...(await options(app)), global: true, max: 6, timeWindow: 60_000 });
    app.get("/", async () => "ok");
    await app.ready();
    instances.push(app);
  }
  return instances;
}

/** Sends requests from one address, alternating between the instances; returns the statuses. */
async function alternate(instances: FastifyInstance[], ip: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index++) statuses.push((await instances[index % 2]!.inject({ url: "/", remoteAddress: ip })).statusCode);
  return statuses;
}

describe("the per-IP ceiling shared by several processes", () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await createTestDatabase());
  });
  afterAll(() => drop());

  it("counts in PostgreSQL: two instances on one database refuse past the ceiling together, each knowing the other's hits from its last flush", async () => {
    const counts: SharedRateLimitCounts[] = [];
    const [first, second] = await twoInstances((app) => {
      const mine = new SharedRateLimitCounts(db, { flushEveryMs: 60_000 });
      counts.push(mine);
      app.addHook("onClose", () => mine.close());
      return { store: postgresRateLimitStore(mine) };
    });
    const ip = randomIp();
    const send = async (app: FastifyInstance | undefined, times = 1) => {
      const statuses: number[] = [];
      for (let index = 0; index < times; index++) statuses.push((await app!.inject({ url: "/", remoteAddress: ip })).statusCode);
      return statuses;
    };
    expect(await send(first, 3)).toEqual([200, 200, 200]);
    await counts[0]!.flush();
    expect(await send(second, 3)).toEqual([200, 200, 200]);
    await counts[1]!.flush();
    // The second has learned the first's three hits: the seventh request of the minute is refused.
    expect(await send(second)).toEqual([429]);
    // The tolerance: the first has not flushed since, so it still counts 3 + 1.
    expect(await send(first)).toEqual([200]);
    await counts[0]!.flush();
    expect(await send(first)).toEqual([429]);
    await Promise.all(counts.map((count) => count.flush()));
    // Refused requests count too (as with the plugin's own stores).
    expect(await db.selectFrom("rateLimitCounters").select("hits").where("key", "=", ip).executeTakeFirst()).toEqual({ hits: 9 });
    expect((await second!.inject({ url: "/", remoteAddress: randomIp() })).statusCode).toBe(200);
    const refused = await first!.inject({ url: "/", remoteAddress: ip });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(50);
    await first!.close();
    await second!.close();
  });

  it("counts in PostgreSQL without a round trip per request: within a second each process decides alone, then both refuse once their timers have flushed", async () => {
    const instances = await twoInstances((app) => {
      const counts = new SharedRateLimitCounts(db);
      app.addHook("onClose", () => counts.close());
      return { store: postgresRateLimitStore(counts) };
    });
    const ip = randomIp();
    const shared = async () => (await db.selectFrom("rateLimitCounters").select("hits").where("key", "=", ip).executeTakeFirst())?.hits;
    // Four requests each, all let through before either has flushed (the timer runs every second).
    expect(await alternate(instances, ip, 8)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    expect(await shared()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await shared()).toBe(8);
    // One more each (let through or not, depending on which flushed first); once both have flushed again, both refuse.
    await alternate(instances, ip, 2);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await shared()).toBe(10);
    expect(await alternate(instances, ip, 2)).toEqual([429, 429]);
    for (const app of instances) await app.close();
    // Closing sends what was left.
    expect(await shared()).toBe(12);
  });

  it("keeps counting in memory while PostgreSQL is away, and sends those hits once it is back", async () => {
    const { db: other, drop: dropOther } = await createTestDatabase();
    const counts = new SharedRateLimitCounts(other, { flushEveryMs: 60_000 });
    const [app] = await twoInstances(() => ({ store: postgresRateLimitStore(counts) }));
    const ip = randomIp();
    await other.schema.alterTable("rate_limit_counters").renameTo("rate_limit_counters_away").execute();
    expect(await alternate([app!, app!], ip, 3)).toEqual([200, 200, 200]);
    await counts.flush();
    await other.schema.alterTable("rate_limit_counters_away").renameTo("rate_limit_counters").execute();
    expect(await alternate([app!, app!], ip, 4)).toEqual([200, 200, 200, 429]);
    await counts.flush();
    expect(await other.selectFrom("rateLimitCounters").select("hits").where("key", "=", ip).executeTakeFirst()).toEqual({ hits: 7 });
    await counts.close();
    await app!.close();
    await dropOther();
  });

  it("counts in memory when each process counts alone (what the shared stores replace)", async () => {
    const instances = await twoInstances(() => ({}));
    expect(await alternate(instances, randomIp(), 8)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    for (const app of instances) await app.close();
  });

  it.skipIf(!redisAnswers)("counts in Redis when REDIS_URL is set, and lets requests through while Redis is away", async () => {
    const namespace = `guichet-test-${randomBytes(4).toString("hex")}-`;
    const instances = await twoInstances((app) => rateLimitStorage(app, { config: { redisUrl: REDIS_URL, databaseUrl: undefined }, db }, { namespace }));
    expect(await alternate(instances, randomIp(), 8)).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    for (const app of instances) await app.close();

    const away = await twoInstances((app) => rateLimitStorage(app, { config: { redisUrl: "redis://127.0.0.1:9", databaseUrl: undefined }, db }, { namespace }));
    expect(await alternate(away, randomIp(), 2)).toEqual([200, 200]);
    for (const app of away) await app.close();
  });
});

describe("the portal's ceiling", () => {
  it.skipIf(!redisAnswers)("is counted in Redis when REDIS_URL is set: a French 429 page past RATE_LIMIT_PER_MINUTE", async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: "3", REDIS_URL } });
    try {
      const ip = randomIp();
      const statuses: number[] = [];
      for (let index = 0; index < 4; index++) statuses.push((await t.app.inject({ url: "/", remoteAddress: ip })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await t.app.inject({ url: "/", remoteAddress: ip })).body).toContain("Trop de demandes");
      const redis = new Redis(REDIS_URL);
      expect(await redis.get(`guichet-rate-limit-${ip}`)).toBe("5");
      redis.disconnect();
    } finally {
      await t.close();
    }
  }, 120_000);

  it.skipIf(!process.env.DATABASE_URL)("is counted in PostgreSQL when the portal runs on DATABASE_URL, sent every second", async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: "3", DATABASE_URL: process.env.DATABASE_URL! } });
    try {
      const ip = randomIp();
      const statuses: number[] = [];
      for (let index = 0; index < 4; index++) statuses.push((await t.app.inject({ url: "/", remoteAddress: ip })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      // Counted in memory, added to the shared count within a second.
      const shared = async () => (await t.deps.db.selectFrom("rateLimitCounters").select("hits").where("key", "=", ip).executeTakeFirst())?.hits;
      const deadline = Date.now() + 5_000;
      while ((await shared()) !== 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await shared()).toBe(4);
    } finally {
      await t.close();
    }
  }, 120_000);
});
