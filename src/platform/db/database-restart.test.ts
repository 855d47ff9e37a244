import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser } from "../../../test/app.ts";
import { solveCaptcha } from "../../../test/captcha.ts";
import { GatedMailbox } from "../../../test/gated-mailbox.ts";
import { ThrowawayPostgres, throwawayPostgresMissing, withSkipReason } from "../../../test/throwaway-postgres.ts";
import { buildApp } from "../../app.ts";
import { systemClock } from "../clock.ts";
import { readConfig } from "../config.ts";
import { createDeps } from "../deps.ts";
import type { Deps } from "../http/deps.ts";
import { registerJobHandlers } from "../../features/jobs.ts";
import { openDatabase, type DatabaseHandle } from "./database.ts";
import { migrateToLatest } from "./migrate.ts";
import { isDatabaseUnavailable } from "./unavailable.ts";

// The portal (web pages and job workers, as start.ts wires them) on a PostgreSQL of this test's
// own, which the test stops and restarts under it. An "error" event nobody listens to, or a
// rejected promise nobody handles, would end the portal's process: each test checks none came.
const fatal: unknown[] = [];
const recordFatal = (error: unknown) => fatal.push(error);
// What the job workers log, so a test can wait for a job's outcome to be given up.
const jobLog = new Writable({
  write(chunk: Buffer, _encoding, done) {
    const { msg } = JSON.parse(chunk.toString()) as { msg: string };
    for (const [wanted, resolve] of logWaiters) if (msg === wanted) resolve();
    done();
  },
});
const logWaiters = new Map<string, () => void>();
const logged = (msg: string) => new Promise<void>((resolve) => logWaiters.set(msg, resolve));
let cluster: ThrowawayPostgres;
let database: DatabaseHandle;
let deps: Deps;
let app: FastifyInstance;
let mailbox: GatedMailbox;

beforeAll(async () => {
  if (throwawayPostgresMissing) return;
  process.on("uncaughtException", recordFatal);
  process.on("unhandledRejection", recordFatal);
  cluster = await ThrowawayPostgres.start();
  mailbox = await GatedMailbox.start();
  database = await openDatabase({ databaseUrl: cluster.url, log: pino({ level: "silent" }) });
  await migrateToLatest(database.db);
  const config = readConfig({ NODE_ENV: "test", SMTP_URL: mailbox.url });
  deps = await createDeps({ config, database, clock: systemClock, log: pino({ level: "warn" }, jobLog), jobs: { retryDelaySeconds: 1, expireInSeconds: 8, maintenanceIntervalSeconds: 1 } });
  await registerJobHandlers(deps, { pollingIntervalSeconds: 0.2 });
  app = await buildApp(deps, { logger: false });
  await app.ready();
});

afterEach(() => {
  expect(fatal.splice(0), "errors that would have ended the process").toEqual([]);
});

afterAll(async () => {
  process.off("uncaughtException", recordFatal);
  process.off("unhandledRejection", recordFatal);
  await app?.close();
  await deps?.jobs.stop();
  await database?.close();
  await mailbox?.close();
  await cluster?.destroy();
});

/** Polls until `check` is true (nothing announces a database row changing). */
async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The state of the send-mail job of the mail with this subject. */
async function jobStateOf(subject: string): Promise<string | undefined> {
  const { rows } = await sql<{ state: string }>`
    select job.state from pgboss.job join mails on mails.id::text = job.data->>'mailId'
    where job.name = 'send-mail' and mails.subject = ${subject}`.execute(deps.db);
  return rows[0]?.state;
}

describe.skipIf(throwawayPostgresMissing)(withSkipReason("the portal when PostgreSQL restarts"), () => {
  it("fails only the transaction that was open, and the next query succeeds on a new connection", async () => {
    const open = database.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await cluster.restart();
      await sql`select 1`.execute(trx);
    });
    await expect(open).rejects.toSatisfy(isDatabaseUnavailable);
    expect(await database.ping()).toBe(true);
  });

  it("answers a French 503 page while it is down, and serves again by itself once it is back", async () => {
    await cluster.stop();
    try {
      const down = await app.inject({ method: "GET", url: "/activer-mon-compte?jeton=inconnu" });
      expect(down.statusCode).toBe(503);
      expect(down.body).toContain("Service momentanément indisponible");
      expect(down.body).not.toContain("ECONNREFUSED");
      expect(down.headers["retry-after"]).toBe("30");
      expect(down.headers["content-security-policy"]).toContain("default-src 'self'");
      expect(down.headers["x-content-type-options"]).toBe("nosniff");
    } finally {
      await cluster.resume();
    }
    const started = Date.now();
    const back = await app.inject({ method: "GET", url: "/activer-mon-compte?jeton=inconnu" });
    expect(back.statusCode).toBe(404);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("tells a registration sent while it is down that the service is unavailable, not that the captcha failed", async () => {
    const browser = new TestBrowser(app);
    await browser.get("/creer-un-compte");
    const altcha = await solveCaptcha(app);
    await cluster.stop();
    try {
      const response = await browser.post("/creer-un-compte", {
        identifier: "camille.durand",
        password: "Un mot de passe solide 2026 !",
        passwordConfirmation: "Un mot de passe solide 2026 !",
        civility: "Mme",
        lastName: "Durand",
        firstName: "Camille",
        email: "camille.durand@example.fr",
        emailConfirmation: "camille.durand@example.fr",
        terms: "oui",
        altcha,
      });
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain("Service momentanément indisponible");
      expect(response.body).not.toContain("anti-robot n&#39;a pas abouti");
    } finally {
      await cluster.resume();
    }
  });

  it("records a mail the SMTP server accepted while it was down, and sends it once", async () => {
    const held = mailbox.holdNextMessage();
    await deps.mailer.queue(deps.db, "dominique@example.fr", { subject: "Accepté pendant la coupure", text: "Bonjour", html: "<p>Bonjour</p>" });
    await held.arrived;
    await cluster.stop();
    // The server accepts while the database is down: the job cannot record it yet, nor finish.
    held.release();
    await mailbox.waitForAccepted(1);
    // Nothing announces the job's failed attempt to record it: give it a second of outage.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await cluster.resume();
    await until(async () => (await jobStateOf("Accepté pendant la coupure")) === "completed", 20_000);
    const mail = await deps.db.selectFrom("mails").select(["sentAt", "attempts"]).where("subject", "=", "Accepté pendant la coupure").executeTakeFirstOrThrow();
    expect(mail.sentAt).not.toBeNull();
    expect(mail.attempts).toBe(1);
    expect(mailbox.accepted.filter((subject) => subject === "Accepté pendant la coupure")).toHaveLength(1);
  });

  it("lives through a job that fails while it is down, and runs it again once it is back", async () => {
    const held = mailbox.holdNextMessage();
    await deps.mailer.queue(deps.db, "dominique@example.fr", { subject: "Refusé pendant la coupure", text: "Bonjour", html: "<p>Bonjour</p>" });
    await held.arrived;
    await cluster.stop();
    // The SMTP server refuses for now: the job fails, and neither the failure nor the job's
    // outcome can be written (pg-boss 10's own worker let that rejection end the process).
    const givenUp = logged("job outcome not recorded: the job will run again once expired");
    held.release(Object.assign(new Error("Réessayez plus tard"), { responseCode: 451 }));
    await givenUp;
    await cluster.resume();
    // The job, still "active", expires (8 s here) and is handed back to the workers.
    await mailbox.waitForAccepted(mailbox.accepted.length + 1, 25_000);
    await until(async () => (await jobStateOf("Refusé pendant la coupure")) === "completed", 5_000);
    expect(mailbox.accepted.filter((subject) => subject === "Refusé pendant la coupure")).toHaveLength(1);
  });
});
