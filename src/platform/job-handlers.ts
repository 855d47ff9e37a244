import type { Deps } from "./http/deps.ts";
import type { JobHandler, QueueName } from "./jobs.ts";
import { sendMailJob } from "./mail/mailer.ts";
import { generateLetterJob } from "./letters/generate-letter-job.ts";

/** The queues the platform serves itself; features declare theirs in src/features/jobs.ts. */
export type PlatformQueue = "send-mail" | "generate-letter";

/** Which handler serves each of the platform's queues. */
export function platformJobHandlers(deps: Deps): Record<PlatformQueue, JobHandler> {
  return {
    "send-mail": sendMailJob({ db: deps.db, clock: deps.clock, smtpUrl: deps.config.smtpUrl, from: deps.config.mailFrom }),
    "generate-letter": generateLetterJob({ db: deps.db, clock: deps.clock, brand: deps.config.brand, provider: deps.letters.provider }),
  };
}

/** The handlers the features declare, one per queue the platform does not serve. */
export type FeatureJobHandlers = Record<Exclude<QueueName, PlatformQueue>, JobHandler>;
