import type { Deps } from "./http/deps.ts";
import { sendMailJob } from "./mail/mailer.ts";
import { recoveryMailJob } from "../features/recovery/send-recovery-mail.ts";
import { generateLetterJob } from "./letters/generate-letter-job.ts";

/** Starts the workers of every queue in this process. */
export async function registerJobHandlers(deps: Deps, options: { pollingIntervalSeconds?: number } = {}) {
  await deps.jobs.work(
    {
      "send-mail": sendMailJob({ db: deps.db, clock: deps.clock, smtpUrl: deps.config.smtpUrl, from: deps.config.mailFrom }),
      "recovery-mail": recoveryMailJob(deps),
      "generate-letter": generateLetterJob({ db: deps.db, clock: deps.clock, brand: deps.config.brand, provider: deps.letters.provider }),
    },
    options,
  );
}
