/**
 * Where the per-IP ceiling (@fastify/rate-limit) counts, so that several processes or machines
 * behind one proxy share it: Redis when REDIS_URL is set, else PostgreSQL (the table of migration
 * 0024, counted in memory and flushed every second), else, on the embedded database that only one
 * process can open, the plugin's memory.
 * The project's other throttles (login failures, captcha waits, lookups, questions per address)
 * already count in the database.
 */
import type { FastifyInstance } from "fastify";
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitPluginOptions } from "@fastify/rate-limit";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { addRateLimitHits, deleteEndedRateLimitCounters } from "./queries.ts";

/** Ended windows are swept at most this often, by whichever process counts then. */
const SWEEP_EVERY_MS = 60_000;
/** How often each process adds the hits it counted to the shared counters, and learns the others'. */
export const RATE_LIMIT_FLUSH_EVERY_MS = 1_000;

interface Window {
  /** The shared count the database gave at the last flush (every process's hits, ours included). */
  shared: number;
  /** Hits counted here since, not yet sent. */
  pending: number;
  /** Hits being sent by the flush under way. */
  sending: number;
  /** When the window ends, on this process's clock (from the database's time left at the last flush). */
  endsAt: number;
  windowMs: number;
}

/**
 * The per-IP counts of one process, decided in memory and added to the shared counters in
 * PostgreSQL every `flushEveryMs` (one statement for every address seen meanwhile), instead of
 * one write per request: the ceiling costs no round trip to the database. Shared within that
 * tolerance: each process sees the others' hits at its next flush, so an address spread over n
 * processes gets at most about n seconds' worth of its requests through before all of them refuse.
 */
export class SharedRateLimitCounts {
  readonly #db: Db;
  readonly #windows = new Map<string, Window>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> | undefined;
  #lastSweep = 0;
  #closed = false;

  constructor(db: Db, options: { flushEveryMs?: number } = {}) {
    this.#db = db;
    this.#timer = setInterval(() => void this.flush(), options.flushEveryMs ?? RATE_LIMIT_FLUSH_EVERY_MS);
    // Housekeeping: never what keeps a process alive.
    this.#timer.unref();
  }

  /** Counts one request of `key`; returns the count of its window (shared as of the last flush, plus this process's since) and the milliseconds left. */
  hit(key: string, windowMs: number): { current: number; ttl: number } {
    const now = Date.now();
    let window = this.#windows.get(key);
    // A window that has ended starts again; its unsent hits belonged to it and are dropped.
    if (!window || window.endsAt <= now) {
      window = { shared: 0, pending: 0, sending: 0, endsAt: now + windowMs, windowMs };
      this.#windows.set(key, window);
    }
    window.pending += 1;
    return { current: window.shared + window.sending + window.pending, ttl: window.endsAt - now };
  }

  /** Sends the hits counted since the last flush and learns the shared counts; one flush at a time. */
  flush(): Promise<void> {
    this.#flushing ??= this.#flush().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #flush() {
    const now = Date.now();
    const sent: { key: string; window: Window }[] = [];
    for (const [key, window] of this.#windows) {
      if (window.pending > 0) {
        window.sending = window.pending;
        window.pending = 0;
        sent.push({ key, window });
      } else if (window.endsAt <= now) this.#windows.delete(key);
    }
    if (now - this.#lastSweep > SWEEP_EVERY_MS) {
      this.#lastSweep = now;
      // Not awaited: the sweep is housekeeping, and an error there must not refuse a request.
      deleteEndedRateLimitCounters(this.#db).catch(() => {});
    }
    if (sent.length === 0) return;
    try {
      const counts = await addRateLimitHits(
        this.#db,
        sent.map(({ key, window }) => ({ key, hits: window.sending, windowMs: window.windowMs })),
      );
      const learnedAt = Date.now();
      const byKey = new Map(counts.map((count) => [count.key, count]));
      for (const { key, window } of sent) {
        const count = byKey.get(key);
        window.sending = 0;
        // A window that started again here meanwhile is a new object: the answer is not its own.
        if (count && this.#windows.get(key) === window) {
          window.shared = count.hits;
          window.endsAt = learnedAt + count.ttlMs;
        }
      }
    } catch {
      // The database is away: keep counting here, and send these hits with the next flush.
      for (const { window } of sent) {
        window.pending += window.sending;
        window.sending = 0;
      }
    }
  }

  /** Stops the timer and sends what is left (the app's onClose). */
  async close() {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush();
  }
}

/**
 * A store for @fastify/rate-limit counting in PostgreSQL through `SharedRateLimitCounts`. The
 * plugin builds it with `new`, so the counts come in through the class made here; a route's own
 * ceiling counts apart from the global one under a prefix.
 */
export function postgresRateLimitStore(counts: SharedRateLimitCounts): FastifyRateLimitStoreCtor {
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = "",
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      callback(null, counts.hit(this.prefix + key, timeWindow));
    }

    child(routeOptions: Parameters<FastifyRateLimitStore["child"]>[0]) {
      // The plugin passes the route as routeInfo.
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
    // ioredis (sixty modules) is loaded only by the portals that set REDIS_URL.
    const { Redis } = await import("ioredis");
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
  if (deps.config.databaseUrl) {
    const counts = new SharedRateLimitCounts(deps.db);
    app.addHook("onClose", () => counts.close());
    return { store: postgresRateLimitStore(counts), skipOnError: true };
  }
  return {};
}
