import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import pino, { type DestinationStream } from "pino";
import { buildApp } from "../src/app.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { readConfig, type Config } from "../src/platform/config.ts";
import { createDeps } from "../src/platform/deps.ts";
import type { Deps } from "../src/platform/http/deps.ts";
import { sql } from "kysely";
import { jobHandlers, registerJobHandlers } from "../src/features/jobs.ts";
import type { JobsOptions, QueueName } from "../src/platform/jobs.ts";
import { createTestDatabase } from "./database.ts";

export type TestClock = ReturnType<typeof fixedClock>;

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * Runs now, in this process and in order, the jobs of a queue that are waiting, with the real
 * handler, and marks them done: route tests run no workers, and some work (a request's PDFs
 * mailed) is done by a job once the change is committed. Returns how many ran.
 */
export async function runWaitingJobs(t: Pick<TestApp, "deps">, queue: QueueName): Promise<number> {
  const { rows } = await sql<{ id: string; data: Record<string, unknown> }>`
    select id, data from pgboss.job where name = ${queue} and state = 'created' order by created_on, id`.execute(t.deps.db);
  const handler = jobHandlers(t.deps)[queue];
  for (const row of rows) {
    await handler(row.data);
    await sql`update pgboss.job set state = 'completed', completed_on = now() where id = ${row.id}`.execute(t.deps.db);
  }
  return rows.length;
}

/**
 * The real application on a fresh database, with a fixed clock. Job workers run only when asked
 * (`workers: true`), so route tests can read queued mails straight from the mails table; `jobs`
 * sets the queue's options (e.g. retries a second apart, to see a job fail for good).
 */
export async function createTestApp(
  options: { env?: Record<string, string>; workers?: boolean; jobs?: JobsOptions; logStream?: DestinationStream } = {},
): Promise<TestApp> {
  const config: Config = readConfig({ NODE_ENV: "test", ...options.env });
  const database = await createTestDatabase();
  const clock = fixedClock();
  const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });
  const deps = await createDeps({ config, database, clock, log, ...(options.jobs ? { jobs: options.jobs } : {}) });
  if (options.workers) await registerJobHandlers(deps, { pollingIntervalSeconds: 0.5 });
  const app = await buildApp(deps, options.logStream ? { logStream: options.logStream } : { logger: false });
  await app.ready();
  return {
    app,
    deps,
    clock,
    async close() {
      await app.close();
      await deps.jobs.stop();
      await database.drop();
    },
  };
}

/**
 * A browser-like client over app.inject: keeps cookies, reads the CSRF token from the last page,
 * and posts forms the way the HTML form would.
 */
export class TestBrowser {
  private cookies = new Map<string, string>();
  lastPage = "";
  /** Each browser is a different person: its own address, so per-IP throttling does not leak between tests. */
  readonly ip: string;

  constructor(
    private readonly app: FastifyInstance,
    options: { ip?: string } = {},
  ) {
    this.ip = options.ip ?? `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
  }

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies) {
      if (cookie.value === "" || (cookie.expires && cookie.expires.getTime() < Date.now()) || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  async get(url: string) {
    const response = await this.app.inject({ method: "GET", url, remoteAddress: this.ip, headers: { cookie: this.cookieHeader() } });
    this.remember(response);
    if (response.headers["content-type"]?.toString().startsWith("text/html")) this.lastPage = response.body;
    return response;
  }

  /** The CSRF token of the last page's forms. */
  csrfToken(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastPage);
    if (!match?.[1]) throw new Error("No CSRF token on the last page");
    return match[1];
  }

  /** Posts a form, with the CSRF token of the last page unless one is given (or `null` for none). */
  async post(url: string, fields: Record<string, string | string[]>, options: { csrf?: string | null; headers?: Record<string, string> } = {}) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    const csrf = options.csrf === undefined ? this.csrfToken() : options.csrf;
    if (csrf !== null) body.append("_csrf", csrf);
    const response = await this.app.inject({
      method: "POST",
      url,
      remoteAddress: this.ip,
      headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded", ...options.headers },
      payload: body.toString(),
    });
    this.remember(response);
    if (response.headers["content-type"]?.toString().startsWith("text/html")) this.lastPage = response.body;
    return response;
  }

  /** Gets a page then posts its form: the common "fill and submit" step. */
  async submit(pageUrl: string, fields: Record<string, string | string[]>, actionUrl = pageUrl) {
    await this.get(pageUrl);
    return this.post(actionUrl, fields);
  }
}
