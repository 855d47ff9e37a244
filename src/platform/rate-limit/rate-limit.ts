/**
 * Where the per-IP ceiling (@fastify/rate-limit) counts, so that several processes or machines
 * behind one proxy share it: Redis when REDIS_URL is set, else PostgreSQL (the table of migration
 * 0024), else, on the embedded database that only one process can open, the plugin's memory.
 * The project's other throttles (login failures, captcha waits, lookups, questions per address)
 * already count in the database.
 */
import type { FastifyInstance } from "fastify";
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitPluginOptions } from "@fastify/rate-limit";
import { Redis } from "ioredis";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { countRateLimitHit, deleteEndedRateLimitCounters } from "./queries.ts";

/** Ended windows are swept at most this often, by whichever process counts then. */
const SWEEP_EVERY_MS = 60_000;

/**
 * A store for @fastify/rate-limit counting in PostgreSQL. The plugin builds it with `new`, so
 * the database comes in through the class made here.
 */
export function postgresRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  let lastSweep = 0;
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = "",
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      const now = Date.now();
      if (now - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = now;
        // Not awaited: the sweep is housekeeping, and an error there must not refuse a request.
        deleteEndedRateLimitCounters(db).catch(() => {});
      }
      countRateLimitHit(db, this.prefix + key, timeWindow).then(
        ({ hits, ttlMs }) => callback(null, { current: hits, ttl: ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore["child"]>[0]) {
      // A route's own ceiling counts apart from the global one (the plugin passes its route as routeInfo).
      const route = (routeOptions as unknown as { routeInfo?: { method?: string; url?: string } }).routeInfo;
      return new PostgresRateLimitStore(routeOptions as unknown as FastifyRateLimitOptions, `${String(route?.method ?? "")}${route?.url ?? ""}-`);
    }
  }
  return PostgresRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}

/**
 * The plugin's options for where to count, by the configuration; a Redis connection made here
 * is closed with the app. `namespace` keeps apart the keys of portals sharing one Redis.
 */
export async function rateLimitStorage(
  app: FastifyInstance,
  deps: { config: Pick<Config, "redisUrl" | "databaseUrl">; db: Db },
  options: { namespace?: string } = {},
): Promise<Pick<RateLimitPluginOptions, "store" | "redis" | "nameSpace" | "skipOnError">> {
  if (deps.config.redisUrl) {
    // Fail fast while Redis is away (skipOnError lets the request through), rather than queueing.
    const redis = new Redis(deps.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
    let warned = false;
    redis.on("error", (error: Error) => {
      // Once per outage: ioredis retries on its own and says "ready" when it is back.
      if (!warned) app.log.warn({ err: error }, "Redis (per-IP ceiling) does not answer: requests are let through until it does");
      warned = true;
    });
    redis.on("ready", () => {
      warned = false;
    });
    app.addHook("onClose", async () => {
      redis.disconnect();
    });
    // Wait (a little) for the connection, so the first requests are counted.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { redis, nameSpace: options.namespace ?? "guichet-rate-limit-", skipOnError: true };
  }
  // A flood guard must not turn a database hiccup into refusals of its own: the page itself
  // answers the unavailable page when it needs the database.
  if (deps.config.databaseUrl) return { store: postgresRateLimitStore(deps.db), skipOnError: true };
  return {};
}
