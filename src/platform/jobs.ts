import PgBoss from "pg-boss";
import { CompiledQuery } from "kysely";
import type { Logger } from "pino";
import type { DatabaseHandle, Db } from "./db/database.ts";
import { withAdvisoryLock } from "./db/advisory-lock.ts";
import { isDatabaseUnavailable } from "./db/unavailable.ts";
import { countJob } from "./metrics.ts";

/**
 * Every queue, with its retry and expiry policy.
 *
 * A failing job is retried with growing delays, never dropped: 5 to 10 s, then doubling (with
 * jitter) over 15 retries, two to four days in all, so an SMTP outage of a weekend loses nothing
 * while a passing fault (a database restart) costs seconds.
 *
 * A job whose process died (SIGKILL, crash, machine lost) stays "active" until it expires:
 * `expireInSeconds` bounds that wait, and the maintenance below (every MAINTENANCE_SECONDS)
 * hands an expired job back to the queue. So a mail held by a dead process is sent again by
 * another within a minute (30 + 10 + the first retry delay). A handler must therefore finish
 * well within its expiry: the SMTP transport's timeouts are set below it (mail/mailer.ts).
 */
const retries = { retryLimit: 15, retryDelay: 5, retryBackoff: true };
const queues = {
  "send-mail": { ...retries, expireInSeconds: 30 },
  // Recovery requests are looked up off the request, so known and unknown accounts answer alike.
  "recovery-mail": { ...retries, expireInSeconds: 30 },
  // "Identifiant perdu" of partner accounts (seed 004), looked up off the request for the same reason.
  "partner-identifier": { ...retries, expireInSeconds: 60 },
  // Renders a postal letter and hands it to the print-and-post provider.
  "generate-letter": { ...retries, expireInSeconds: 60 },
  // A request's PDFs mailed to its applicant (filing receipt, summary of a contribution), built
  // from the committed state once the change that asked for them is committed.
  "request-pdf-mail": { ...retries, expireInSeconds: 60 },
  // Validities of requests (issue 12): renewal reminders and expiry, queued once an hour for the
  // whole cluster (features/jobs.ts, startSchedules, enqueueOncePer); idempotent, so a run twice
  // or after a crash is harmless.
  "request-validity": { ...retries, expireInSeconds: 300 },
  // Large exports of requests (issue 15): a million rows take about a minute; a job held by a dead
  // process comes back after its expiry and starts the file again.
  "request-export": { ...retries, retryLimit: 3, expireInSeconds: 1800 },
  // Deletes the export files kept past their 7 days (queued every hour, idempotent).
  "request-export-purge": { ...retries, expireInSeconds: 300 },
  // Partners' webhooks (issue 15): retried with growing delays for about a day (5 s doubling,
  // 14 retries: 5 × (2^14 − 1) s ≈ 23 h), each try bounded by the receiver's 10 s timeout.
  "webhook-delivery": { retryLimit: 14, retryDelay: 5, retryBackoff: true, expireInSeconds: 30 },
} satisfies Record<string, PgBoss.Queue extends infer Q ? Omit<Q & object, "name"> : never>;

/** How often expired jobs are handed back (pg-boss's default, two minutes, is too slow for mail). */
const MAINTENANCE_SECONDS = 10;

/**
 * How many jobs of a queue one process runs at once (1 when absent). Mails wait on the SMTP
 * server's answer, not on this process's CPU: sixteen at once over a pooled connection drain a
 * queue of reminders at hundreds per second where one at a time managed a few dozen.
 */
const concurrency: Partial<Record<QueueName, number>> = { "send-mail": 16, "recovery-mail": 4 };

/** How long a stopping process lets the jobs in hand finish before handing them back to the queue. */
const STOP_GRACE_MS = 5000;

export type QueueName = keyof typeof queues;
export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/** Durable job queue (pg-boss) on the application's own database. */
export interface Jobs {
  /**
   * Queues a job inside the caller's transaction when one is given, so the job exists if and
   * only if the change that asked for it was committed.
   */
  enqueue(queue: QueueName, data: Record<string, unknown>, db?: Db): Promise<void>;
  /**
   * Queues a recurring job once per slot of `everySeconds` (slots aligned on the epoch, by the
   * database's clock: every hour on the hour for 3600), however many processes ask: the first
   * caller of a slot queues it, the others' inserts meet pg-boss's unique singleton index and
   * queue nothing. Returns whether this call queued it. So N workers (or N machines) that each
   * call it on their own timer run the job once per slot, not N times.
   */
  enqueueOncePer(queue: QueueName, everySeconds: number): Promise<boolean>;
  /** Starts polling the queues with the given handlers (the web process does this too). */
  work(handlers: Partial<Record<QueueName, JobHandler>>, options?: { pollingIntervalSeconds?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** Whether a queue as stored has the policy the code sets (updateQueue leaves the rest alone). */
function sameQueueSettings(stored: PgBoss.Queue | undefined, wanted: PgBoss.Queue): boolean {
  if (!stored) return false;
  return (
    (stored.policy ?? "standard") === (wanted.policy ?? "standard") &&
    stored.retryLimit === wanted.retryLimit &&
    stored.retryDelay === wanted.retryDelay &&
    stored.retryBackoff === wanted.retryBackoff &&
    stored.expireInSeconds === wanted.expireInSeconds
  );
}

/** Runs pg-boss's SQL on a Kysely connection or transaction. */
function executorFor(db: Db) {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

export interface JobsOptions {
  /** First retry delay of every queue (doubling after); tests shorten it, production keeps the default. */
  retryDelaySeconds?: number;
  /** Expiry of every queue's jobs, instead of each queue's own; tests shorten it to watch a dead worker's job come back. */
  expireInSeconds?: number;
  /** How often expired jobs are handed back (MAINTENANCE_SECONDS by default). */
  maintenanceIntervalSeconds?: number;
  /** How long `stop()` lets the jobs in hand finish before handing them back (STOP_GRACE_MS by default). */
  stopGraceMs?: number;
}

export async function startJobs(handle: DatabaseHandle, log: Logger, options: JobsOptions = {}): Promise<Jobs> {
  const boss = new PgBoss({
    ...handle.jobsConnection,
    ...(handle.kind === "postgresql" ? { max: 3 } : {}),
    schema: "pgboss",
    // Archive and maintenance run from every process: there is no single scheduler to lose.
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? MAINTENANCE_SECONDS,
    schedule: false,
  });
  // Maintenance fails while the database restarts: expected, and it resumes by itself.
  boss.on("error", (error) =>
    isDatabaseUnavailable(error) ? log.warn({ err: error }, "job queue: database unavailable") : log.error({ err: error }, "job queue error"),
  );
  await boss.start();
  const wanted = Object.entries(queues).map(([name, policy]) => ({
    name,
    ...policy,
    retryDelay: options.retryDelaySeconds ?? policy.retryDelay,
    expireInSeconds: options.expireInSeconds ?? policy.expireInSeconds,
  }));
  // Most starts find every queue as the code wants it: one read, no lock, no write (on the
  // embedded database, eighteen statements less before the first page).
  const existing = new Map((await boss.getQueues()).map((queue) => [queue.name, queue]));
  if (!wanted.every((settings) => sameQueueSettings(existing.get(settings.name), settings))) {
    // Several processes (WORKERS, or several machines) starting at once on a fresh database
    // deadlocked in createQueue: they take turns.
    await withAdvisoryLock(handle.db, handle.kind, "guichet:job-queues", async () => {
      for (const settings of wanted) {
        // Keep an existing queue's policy in step with the code (a deployment may change it).
        if (await boss.getQueue(settings.name)) await boss.updateQueue(settings.name, settings);
        else await boss.createQueue(settings.name, settings);
      }
    });
  }
  const workers: Worker[] = [];
  return {
    async enqueue(queue, data, db) {
      await boss.send(queue, data, db ? { db: executorFor(db) } : {});
    },
    async enqueueOncePer(queue, everySeconds) {
      // The singleton key is the queue's own name: one job per (queue, slot), whatever the data.
      const id = await boss.send(queue, {}, { singletonKey: queue, singletonSeconds: everySeconds });
      return id !== null;
    },
    async work(handlers, options = {}) {
      for (const [name, handler] of Object.entries(handlers)) {
        if (handler)
          workers.push(
            startWorker(boss, name, handler, {
              pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
              concurrency: concurrency[name as QueueName] ?? 1,
              log,
            }),
          );
      }
    },
    async stop() {
      // Let the jobs in hand finish for a while, then hand the others back to the queue.
      await Promise.all(workers.map((worker) => worker.stop(options.stopGraceMs ?? STOP_GRACE_MS)));
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}

interface Worker {
  /**
   * Stops fetching; resolves once the jobs in hand are done, or after `graceMs` have handed the
   * unfinished ones back to the queue (failed, so retried after the retry delay, by any process).
   */
  stop(graceMs: number): Promise<void>;
}

interface WorkerOptions {
  pollingIntervalSeconds: number;
  /** How many jobs run at once. */
  concurrency: number;
  log: Logger;
}

/**
 * Polls one queue and runs up to `concurrency` of its jobs at once, fetching as many as there
 * are free slots and waiting out the polling interval only when the queue is empty. pg-boss's own
 * `work()` is not used: version 10 records a job's outcome (complete/fail) without awaiting it,
 * so a database restart at that moment rejects a promise nobody handles, and Node 24 ends the
 * process. Here every call to the database is awaited and its failure logged: an outcome that
 * could not be recorded leaves the job active, and it comes back once expired (the handlers are
 * idempotent for that reason).
 *
 * Each job's outcome is recorded as soon as its handler returns, never batched: a process killed
 * in the middle of a batch leaves only its unfinished jobs to run again. pg-boss's fetch takes
 * its jobs with `for update skip locked`, so two workers (or processes) never hold the same one,
 * and pg-boss never moves a completed job back (its fail touches only jobs below "completed"):
 * a job handed back at shutdown that finished meanwhile stays done.
 */
function startWorker(boss: PgBoss, name: string, handler: JobHandler, options: WorkerOptions): Worker {
  const { log } = options;
  let stopping = false;
  let pause: ReturnType<typeof delay> | undefined;
  /** The jobs in hand, by id, each with its run (removed once its outcome is recorded). */
  const inHand = new Map<string, Promise<void>>();
  /** Jobs handed back at shutdown: their late end records nothing more. */
  const handedBack = new Set<string>();

  const run = async (job: PgBoss.Job<Record<string, unknown>>) => {
    try {
      // As pg-boss does: a handler still running at its job's expiry is given up (the job is
      // retried), so one stuck call cannot hold the queue for ever.
      // (pg returns the expiry as a numeric string; pg-boss's default of 15 minutes if it is absent.)
      await withinSeconds(handler(job.data), Number(job.expireInSeconds) || 900);
    } catch (error) {
      if (handedBack.has(job.id)) return;
      log.warn({ err: error, queue: name, jobId: job.id }, "job failed, will be retried");
      countJob(name, "failed");
      await recordOutcome(() => boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) }), job.id);
      return;
    }
    if (handedBack.has(job.id)) return;
    countJob(name, "completed");
    await recordOutcome(() => boss.complete(name, job.id), job.id);
  };

  const recordOutcome = async (record: () => Promise<void>, jobId: string) => {
    try {
      await record();
    } catch (error) {
      log.warn({ err: error, queue: name, jobId }, "job outcome not recorded: the job will run again once expired");
    }
  };

  const start = (job: PgBoss.Job<Record<string, unknown>>) => {
    const running = run(job).finally(() => inHand.delete(job.id));
    inHand.set(job.id, running);
  };

  const loop = (async () => {
    while (!stopping) {
      const free = options.concurrency - inHand.size;
      if (free <= 0) {
        await Promise.race(inHand.values());
        continue;
      }
      let jobs: PgBoss.Job<Record<string, unknown>>[] = [];
      try {
        // pg-boss's fetch answers no job (rather than an error) while the database is down.
        jobs = (await boss.fetch<Record<string, unknown>>(name, { batchSize: free })) ?? [];
      } catch (error) {
        log.warn({ err: error, queue: name }, "job fetch failed");
      }
      // Jobs fetched as the stop came run too, within the grace given to the others.
      for (const job of jobs) start(job);
      if (stopping) break;
      // A full batch means more may be waiting: fetch again as soon as a slot is free.
      if (jobs.length > 0) continue;
      if (inHand.size > 0) {
        // The queue is empty for now: look again when a job ends, or after the interval.
        pause = delay(options.pollingIntervalSeconds * 1000);
        await Promise.race([pause.promise, ...inHand.values()]);
        pause.cancel();
        pause = undefined;
        continue;
      }
      pause = delay(options.pollingIntervalSeconds * 1000);
      await pause.promise;
      pause = undefined;
    }
  })();

  return {
    async stop(graceMs) {
      stopping = true;
      pause?.cancel();
      await loop;
      if (inHand.size === 0) return;
      const grace = delay(graceMs);
      await Promise.race([Promise.all(inHand.values()), grace.promise]);
      grace.cancel();
      const unfinished = [...inHand.keys()];
      if (unfinished.length === 0) return;
      for (const jobId of unfinished) handedBack.add(jobId);
      log.warn({ queue: name, jobs: unfinished.length }, "jobs still running at shutdown handed back to the queue");
      await recordOutcome(() => boss.fail(name, unfinished), unfinished.join(","));
    },
  };
}

/** A timer that can be cut short. */
function delay(ms: number): { promise: Promise<void>; cancel(): void } {
  let cancel = () => {};
  const promise = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    cancel = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { promise, cancel: () => cancel() };
}

async function withinSeconds(work: Promise<void>, seconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`job still running at its expiry (${seconds} s)`)), Math.max(1, seconds) * 1000);
  });
  try {
    await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
