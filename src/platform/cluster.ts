/**
 * `npm start` with WORKERS=N (or `auto`, one per core): the primary process migrates the
 * database once, then runs N workers of the portal that share the port (node:cluster hands the
 * connections round), restarts a worker that dies, and passes SIGINT/SIGTERM on to them at
 * shutdown. Sessions, jobs, throttles and the per-IP ceiling live in PostgreSQL (or Redis), and
 * files in S3 when S3_URL is set, so any worker can answer any request; pg-boss hands each job
 * to one worker. The embedded database opens in one process only: WORKERS needs DATABASE_URL.
 */
import cluster from "node:cluster";
import { ConfigError, readConfig } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { startJobs } from "./jobs.ts";
import pino from "pino";

/** A worker that dies sooner than this after its start is not restarted (it would loop). */
const MIN_UPTIME_MS = 5_000;

/**
 * In the primary with WORKERS > 1: migrates, forks the workers, supervises them and returns
 * true (the caller does nothing more). Otherwise (one process, or in a worker) returns false
 * and the caller starts the portal as usual.
 */
export async function startWorkers(environment: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (cluster.isWorker) return false;
  let config;
  try {
    config = readConfig(environment);
  } catch (error) {
    // The one-process start prints the configuration's problem in French.
    if (error instanceof ConfigError) return false;
    throw error;
  }
  if (config.workers <= 1) return false;
  if (!config.databaseUrl) {
    console.error(`WORKERS=${config.workers} demande PostgreSQL (DATABASE_URL) : la base embarquée ne s'ouvre que dans un seul processus.`);
    process.exit(1);
  }
  await prepareDatabase(config.databaseUrl);

  let stopping = false;
  const startedAt = new Map<number, number>();
  const fork = (index: number) => {
    const worker = cluster.fork({ GUICHET_WORKER: String(index) });
    startedAt.set(worker.id, Date.now());
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      const uptime = Date.now() - (startedAt.get(worker.id) ?? 0);
      console.error(`Le processus ${index} du portail s'est arrêté (${signal ?? `code ${code}`}).`);
      if (uptime >= MIN_UPTIME_MS) fork(index);
      else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
    });
  };
  for (let index = 0; index < config.workers; index++) fork(index);
  process.stdout.write(`${config.workers} processus du portail démarrent (WORKERS=${config.workers}).\n`);

  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  return true;
}

/**
 * What must be done once before several processes start on one database: the migrations, and
 * the job queues (pg-boss creating the same queues from two processes at once deadlocks on a
 * fresh database; once they exist, each process only brings their settings in step).
 */
export async function prepareDatabase(databaseUrl: string): Promise<void> {
  const log = pino({ level: "warn" });
  const database = await openDatabase({ databaseUrl, log });
  try {
    await migrateToLatest(database.db);
    const jobs = await startJobs(database, log);
    await jobs.stop();
  } finally {
    await database.close();
  }
}

/** True in the only process, or in the first worker: what must happen once (demo data). */
export function isFirstProcess(environment: NodeJS.ProcessEnv = process.env): boolean {
  return cluster.isPrimary || environment.GUICHET_WORKER === "0";
}
