import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GatedMailbox } from "../../../test/gated-mailbox.ts";
import { ThrowawayPostgres, throwawayPostgresMissing, withSkipReason } from "../../../test/throwaway-postgres.ts";
import { systemClock } from "../clock.ts";
import { readConfig } from "../config.ts";
import { openDatabase, type DatabaseHandle } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { createDeps } from "../deps.ts";
import type { Deps } from "../http/deps.ts";

// Portal processes (their job workers) killed with SIGKILL while they hold a mail, on a
// PostgreSQL of the test's own. Production hands a dead process's job back within a minute
// (30 s expiry, maintenance every 10 s); here the waits are cut to seconds. A test takes about
// ten seconds, most of it starting processes. On a loaded machine (load 25 on two cores) a start
// takes several times longer: each step waits for its own event, never for a fixed time, and the
// time limits only bound a step by what tells the short expiry from pg-boss's default (15 min).
const shortWaits = { JOBS_EXPIRE_SECONDS: "3", JOBS_MAINTENANCE_SECONDS: "1", JOBS_RETRY_DELAY_SECONDS: "1" };

let cluster: ThrowawayPostgres;
let database: DatabaseHandle;
let deps: Deps;
let mailbox: GatedMailbox;
const processes = new Set<ChildProcess>();

beforeAll(async () => {
  if (throwawayPostgresMissing) return;
  cluster = await ThrowawayPostgres.start();
  mailbox = await GatedMailbox.start();
  database = await openDatabase({ databaseUrl: cluster.url, log: pino({ level: "silent" }) });
  await migrateToLatest(database.db);
  const config = readConfig({ NODE_ENV: "test", SMTP_URL: mailbox.url });
  // This process only queues mails; the workers run in the processes the tests kill.
  deps = await createDeps({ config, database, clock: systemClock, log: pino({ level: "silent" }), jobs: { expireInSeconds: 3, maintenanceIntervalSeconds: 1, retryDelaySeconds: 1 } });
});

afterEach(async () => {
  for (const child of processes) await kill(child, "SIGKILL");
});

afterAll(async () => {
  await deps?.jobs.stop();
  await database?.close();
  await mailbox?.close();
  await cluster?.destroy();
});

/**
 * Starts a process running the job workers, as the portal does; resolves once they poll. Its
 * database sessions carry `applicationName`, so that the test can tell them from its own.
 */
async function startWorkerProcess(applicationName = "guichet_worker"): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../../../test/job-worker-process.ts")], {
    env: { ...process.env, DATABASE_URL: `${cluster.url}?application_name=${applicationName}`, SMTP_URL: mailbox.url, ...shortWaits },
    stdio: ["ignore", "pipe", "inherit"],
  });
  processes.add(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the worker process exited (${code}) before it was ready`)));
  });
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }
  processes.delete(child);
}

async function queueMail(subject: string) {
  await deps.mailer.queue(deps.db, "dominique@example.fr", { subject, text: "Bonjour", html: "<p>Bonjour</p>" });
}

/** The state of the send-mail job of the mail with this subject. */
async function jobStateOf(subject: string): Promise<string | undefined> {
  const { rows } = await sql<{ state: string }>`
    select job.state from pgboss.job join mails on mails.id::text = job.data->>'mailId'
    where job.name = 'send-mail' and mails.subject = ${subject}`.execute(deps.db);
  return rows[0]?.state;
}

/** How many times the send-mail job of the mail with this subject was retried. */
async function retriesOf(subject: string): Promise<number> {
  const { rows } = await sql<{ retryCount: number }>`
    select job.retry_count from pgboss.job join mails on mails.id::text = job.data->>'mailId'
    where job.name = 'send-mail' and mails.subject = ${subject}`.execute(deps.db);
  return Number(rows[0]?.retryCount ?? 0);
}

/** Polls until `check` is true (nothing announces a database row changing). */
async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const acceptedWith = (subject: string) => mailbox.accepted.filter((accepted) => accepted === subject);

describe.skipIf(throwawayPostgresMissing)(withSkipReason("a mail held by a process killed with SIGKILL"), () => {
  it("is handed to another process once its job expires, and sent once", async () => {
    const subject = "Tenu par un processus tué";
    // Another portal process runs beside the one killed, as in production. It is paused until
    // the kill (SIGSTOP), so that the held job is the other's and starting it costs no time after.
    // Both start at once (a start is the slow part on a loaded machine); the mail is queued once
    // the second is paused, so only the first can take it.
    const [first, second] = await Promise.all([startWorkerProcess(), startWorkerProcess()]);
    second.kill("SIGSTOP");
    const greeting = mailbox.holdNextConnection();
    await queueMail(subject);
    await greeting.arrived;
    expect(await jobStateOf(subject)).toBe("active");
    await kill(first, "SIGKILL");
    const killedAt = Date.now();
    second.kill("SIGCONT");
    greeting.release();

    await mailbox.waitForAccepted(mailbox.accepted.length + 1, 90_000);
    // 3 s of expiry, maintenance every second, then a retry delay of 1 to 2 s: seconds when the
    // machine is idle, never near the 15 minutes of pg-boss's default expiry however loaded.
    expect(Date.now() - killedAt).toBeLessThan(90_000);
    // Sent again through a retry of the same job: the expiry handed it back, nothing else did.
    await until(async () => (await jobStateOf(subject)) === "completed", 30_000);
    expect(await retriesOf(subject)).toBeGreaterThanOrEqual(1);
    expect(acceptedWith(subject)).toHaveLength(1);
    await kill(second, "SIGTERM");
  }, 240_000);

  it("is not sent again when the SMTP server had accepted it before the process was killed", async () => {
    const subject = "Accepté juste avant le SIGKILL";
    const acceptance = mailbox.holdNextMessage();
    await queueMail(subject);
    const first = await startWorkerProcess("guichet_killed");
    await acceptance.arrived;
    // Lock the job's row, so that the process cannot mark the job done after the server's
    // acceptance: it is killed in that window, with its job still active.
    const locker = new pg.Client({ connectionString: cluster.url });
    await locker.connect();
    // The process's sessions are known by their name (what the waits below rely on).
    const named = await locker.query<{ count: string }>("select count(*) from pg_stat_activity where application_name = 'guichet_killed'");
    expect(Number(named.rows[0]?.count)).toBeGreaterThan(0);
    await locker.query("begin");
    await locker.query("select id from pgboss.job where name = 'send-mail' and state = 'active' for update");
    acceptance.release();
    await until(async () => {
      const mail = await deps.db.selectFrom("mails").select("sentAt").where("subject", "=", subject).executeTakeFirstOrThrow();
      return mail.sentAt !== null;
    }, 60_000);
    await kill(first, "SIGKILL");
    // The server has not noticed yet that the killed process's connection is gone: its "job done",
    // if sent before the kill, waits for the lock. Each of the killed process's sessions either
    // reads the closed socket and ends, or (having received that query) waits for the lock: wait
    // until none is anything else, so that a query still in flight cannot run after the unlock.
    // Then end the waiting ones as the server would once it noticed: the kill counts as coming
    // before the job was marked done.
    // (Read outside the locker's transaction, whose view of pg_stat_activity is a snapshot.)
    await until(async () => {
      const { rows } = await sql<{ count: number }>`
        select count(*)::int as count from pg_stat_activity
        where application_name = 'guichet_killed' and wait_event_type is distinct from 'Lock'`.execute(deps.db);
      return rows[0]?.count === 0;
    }, 30_000);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'guichet_killed'`.execute(deps.db);
    await locker.query("rollback");
    await locker.end();
    expect(await jobStateOf(subject)).toBe("active");

    const second = await startWorkerProcess();
    await until(async () => (await jobStateOf(subject)) === "completed", 90_000);
    // Run again (a retry after the expiry), yet the mail marked sent was not sent twice.
    expect(await retriesOf(subject)).toBeGreaterThanOrEqual(1);
    expect(acceptedWith(subject)).toHaveLength(1);
    await kill(second, "SIGTERM");
  }, 240_000);
});
