import net, { type AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { buildApp } from "../../src/app.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { readConfig } from "../../src/platform/config.ts";
import { createDeps } from "../../src/platform/deps.ts";
import type { Deps } from "../../src/platform/http/deps.ts";
import { registerJobHandlers } from "../../src/features/jobs.ts";
import { createTestDatabase } from "../../test/database.ts";
import { Mailbox } from "./smtp.ts";

export interface E2eServer {
  /** `http://127.0.0.1:<port>`, also the application's PUBLIC_URL (links in mails point here). */
  baseUrl: string;
  deps: Deps;
  app: FastifyInstance;
  /** The SMTP server the application delivers to. */
  mailbox: Mailbox;
  /** Absolute URL of a path on this server. */
  url(path: string): string;
  close(): Promise<void>;
}

export interface ServerOptions {
  env?: Record<string, string>;
  /** Runs once the dependencies are ready, before the server listens (e.g. the demo data set). */
  prepare?: (deps: Deps) => Promise<void>;
}

/**
 * The real application for a journey, as `start.ts` runs it: a fresh database (PGlite, or a new
 * PostgreSQL database when DATABASE_URL is set), the system clock (the browser has its own), the
 * job workers delivering mail through the pg-boss queue to a real SMTP server, and an HTTP
 * server on a free port of 127.0.0.1.
 */
export async function startServer(options: ServerOptions = {}): Promise<E2eServer> {
  const mailbox = await Mailbox.start();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = readConfig({
    NODE_ENV: "test",
    SMTP_URL: mailbox.url,
    PUBLIC_URL: baseUrl,
    ...options.env,
  });
  const database = await createTestDatabase();
  const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });
  // Retries after one second instead of thirty, so a journey can watch a failed mail go out.
  const deps = await createDeps({ config, database, clock: systemClock, log, jobs: { retryDelaySeconds: 1 } });
  await registerJobHandlers(deps, { pollingIntervalSeconds: 0.5 });
  await options.prepare?.(deps);
  const app = await buildApp(deps, { logger: process.env.LOG_LEVEL !== undefined });
  await app.listen({ port, host: "127.0.0.1" });
  return {
    baseUrl,
    deps,
    app,
    mailbox,
    url: (path) => new URL(path, baseUrl).toString(),
    async close() {
      await app.close();
      await deps.jobs.stop();
      await database.drop();
      await mailbox.close();
    },
  };
}

/** A port nobody listens on right now, so PUBLIC_URL can be known before the server starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
