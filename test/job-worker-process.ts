/**
 * A portal process's job workers, as start.ts starts them, for tests that kill a process with
 * SIGKILL: DATABASE_URL and SMTP_URL come from the environment, and JOBS_EXPIRE_SECONDS,
 * JOBS_MAINTENANCE_SECONDS and JOBS_RETRY_DELAY_SECONDS shorten the waits that production keeps
 * long. Prints "ready" once its workers poll.
 */
import "../src/platform/compile-cache.ts";
import pino from "pino";
import { systemClock } from "../src/platform/clock.ts";
import { readConfig } from "../src/platform/config.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { createDeps } from "../src/platform/deps.ts";
import { registerJobHandlers } from "../src/features/jobs.ts";

const seconds = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const config = readConfig({ NODE_ENV: "test", DATABASE_URL: process.env.DATABASE_URL, SMTP_URL: process.env.SMTP_URL });
const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });
const database = await openDatabase({ databaseUrl: config.databaseUrl, log });
const deps = await createDeps({
  config,
  database,
  clock: systemClock,
  log,
  jobs: {
    ...(seconds("JOBS_EXPIRE_SECONDS") ? { expireInSeconds: seconds("JOBS_EXPIRE_SECONDS") } : {}),
    ...(seconds("JOBS_MAINTENANCE_SECONDS") ? { maintenanceIntervalSeconds: seconds("JOBS_MAINTENANCE_SECONDS") } : {}),
    ...(seconds("JOBS_RETRY_DELAY_SECONDS") ? { retryDelaySeconds: seconds("JOBS_RETRY_DELAY_SECONDS") } : {}),
  },
});
await registerJobHandlers(deps, { pollingIntervalSeconds: 0.2 });
process.once("SIGTERM", () => {
  void deps.jobs
    .stop()
    .then(() => database.close())
    .then(() => process.exit(0));
});
process.stdout.write("ready\n");
