import type { Logger } from "pino";
import type { Captcha } from "../captcha.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db, Listener } from "../db/database.ts";
import type { Jobs } from "../jobs.ts";
import type { Letters } from "../letters/letters.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { VirusScanner } from "../uploads/virus-scan.ts";

/** Infrastructure handed to use cases. Routes pass what each use case needs, nothing global. */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  jobs: Jobs;
  mailer: Mailer;
  /** Postal letters: `letters.queue(db, content)`, and the provider that prints and posts them. */
  letters: Letters;
  captcha: Captcha;
  /** clamd, when `CLAMD_URL` is set: every upload is scanned before it is kept (src/platform/uploads). */
  scanner?: VirusScanner | undefined;
  log: Logger;
  /** Answers whether the database responds (for /health). */
  pingDatabase(): Promise<boolean>;
  /**
   * The PostgreSQL database's connection string, for work run outside the main thread with its
   * own connection (a large export's worker); undefined on PGlite, which lives in this thread.
   */
  databaseUrl: string | undefined;
  /** Hears a channel's NOTIFY on the database (caches held in memory: core/organisations/service-catalogue.ts). */
  listen(channel: string, onSignal: (payload?: string) => void): Promise<Listener>;
}
