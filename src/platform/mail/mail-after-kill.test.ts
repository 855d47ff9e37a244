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
// ten seconds, most of it starting processes; the timeouts leave room for a loaded machine.
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

/** Starts a process running the job workers, as the portal does; resolves once they poll. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../../../test/job-worker-process.ts")], {
    env: { ...process.env, DATABASE_URL: cluster.url, SMTP_URL: mailbox.url, ...shortWaits },
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
    const second = await startWorkerProcess();
    second.kill("SIGSTOP");
    const greeting = mailbox.holdNextConnection();
    await queueMail(subject);
    const first = await startWorkerProcess();
    await greeting.arrived;
    expect(await jobStateOf(subject)).toBe("active");
    await kill(first, "SIGKILL");
    const killedAt = Date.now();
    second.kill("SIGCONT");
    greeting.release();

    await mailbox.waitForAccepted(mailbox.accepted.length + 1, 20_000);
    // 3 s of expiry, maintenance every second, then a retry delay of 1 to 2 s.
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    await until(async () => (await jobStateOf(subject)) === "completed", 5_000);
    expect(acceptedWith(subject)).toHaveLength(1);
    await kill(second, "SIGTERM");
  }, 60_000);

  it("is not sent again when the SMTP server had accepted it before the process was killed", async () => {
    const subject = "Accepté juste avant le SIGKILL";
    const acceptance = mailbox.holdNextMessage();
    await queueMail(subject);
    const first = await startWorkerProcess();
    await acceptance.arrived;
    // Lock the job's row, so that the process cannot mark the job done after the server's
    // acceptance: it is killed in that window, with its job still active.
    const locker = new pg.Client({ connectionString: cluster.url });
    await locker.connect();
    await locker.query("begin");
    await locker.query("select id from pgboss.job where name = 'send-mail' and state = 'active' for update");
    acceptance.release();
    await until(async () => {
      const mail = await deps.db.selectFrom("mails").select("sentAt").where("subject", "=", subject).executeTakeFirstOrThrow();
      return mail.sentAt !== null;
    }, 10_000);
    await kill(first, "SIGKILL");
    // The server has not noticed yet that the killed process's connection is gone: its "job done",
    // sent before the kill, waits for the lock. End that session as the server would once it
    // noticed, so the kill counts as coming before the job was marked done.
    await locker.query("select pg_terminate_backend(pid) from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()");
    await locker.query("rollback");
    await locker.end();
    expect(await jobStateOf(subject)).toBe("active");

    const second = await startWorkerProcess();
    await until(async () => (await jobStateOf(subject)) === "completed", 20_000);
    expect(acceptedWith(subject)).toHaveLength(1);
    await kill(second, "SIGTERM");
  }, 60_000);
});
