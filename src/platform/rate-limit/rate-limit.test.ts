import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../../test/app.ts";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../db/database.ts";
import { postgresRateLimitStore, rateLimitStorage } from "./rate-limit.ts";

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

  it("counts in PostgreSQL: two instances on one database refuse the seventh request of a minute, whichever gets it", async () => {
    const instances = await twoInstances(() => ({ store: postgresRateLimitStore(db) }));
    const ip = randomIp();
    expect(await alternate(instances, ip, 8)).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect((await instances[1]!.inject({ url: "/", remoteAddress: randomIp() })).statusCode).toBe(200);
    const refused = await instances[0]!.inject({ url: "/", remoteAddress: ip });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(50);
    for (const app of instances) await app.close();
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

  it.skipIf(!process.env.DATABASE_URL)("is counted in PostgreSQL when the portal runs on DATABASE_URL", async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: "3", DATABASE_URL: process.env.DATABASE_URL! } });
    try {
      const ip = randomIp();
      const statuses: number[] = [];
      for (let index = 0; index < 4; index++) statuses.push((await t.app.inject({ url: "/", remoteAddress: ip })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(await t.deps.db.selectFrom("rateLimitCounters").select("hits").where("key", "=", ip).executeTakeFirst()).toEqual({ hits: 4 });
    } finally {
      await t.close();
    }
  }, 120_000);
});
