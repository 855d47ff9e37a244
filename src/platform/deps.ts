import type { Logger } from "pino";
import { createCaptcha } from "./captcha.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import type { Deps } from "./http/deps.ts";
import { startJobs, type JobsOptions } from "./jobs.ts";
import { createLetters } from "./letters/letters.ts";
import { createMailer } from "./mail/mailer.ts";
import { createClamdScanner } from "./uploads/virus-scan.ts";

/** Wires the infrastructure around an open, migrated database. */
export async function createDeps(input: { config: Config; database: DatabaseHandle; clock: Clock; log: Logger; jobs?: JobsOptions }): Promise<Deps> {
  const { config, database, clock, log } = input;
  const jobs = await startJobs(database, log, input.jobs);
  return {
    config,
    db: database.db,
    clock,
    jobs,
    mailer: createMailer({ jobs, clock }),
    letters: createLetters({ jobs, clock }),
    captcha: createCaptcha({ db: database.db, clock }),
    scanner: config.clamdUrl ? createClamdScanner({ url: config.clamdUrl }) : undefined,
    log,
    pingDatabase: () => database.ping(),
    databaseUrl: "connectionString" in database.jobsConnection ? database.jobsConnection.connectionString : undefined,
    listen: (channel, onSignal) => database.listen(channel, onSignal),
  };
}
