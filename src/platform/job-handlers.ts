import type { Deps } from "./http/deps.ts";
import type { JobHandler, QueueName } from "./jobs.ts";
import { sendMailJob } from "./mail/mailer.ts";
import { recoveryMailJob } from "../features/recovery/send-recovery-mail.ts";
import { generateLetterJob } from "./letters/generate-letter-job.ts";
import { mailFilingReceipt } from "../features/requests/mail-filing-receipt.ts";
import { mailModificationSummary } from "../features/request-asks/mail-modification-summary.ts";

/** A request's PDFs, built once the change that asked for them is committed (job data is plain JSON). */
function requestPdfMailJob(deps: Deps) {
  return async (data: Record<string, unknown>) => {
    if (typeof data.requestId !== "string") return;
    if (data.kind === "filing-receipt") await mailFilingReceipt(deps, data.requestId);
    else if (data.kind === "modification-summary" && typeof data.askId === "string") await mailModificationSummary(deps, { requestId: data.requestId, askId: data.askId });
  };
}

/** Which handler serves which queue. */
export function jobHandlers(deps: Deps): Record<QueueName, JobHandler> {
  return {
    "send-mail": sendMailJob({ db: deps.db, clock: deps.clock, smtpUrl: deps.config.smtpUrl, from: deps.config.mailFrom }),
    "recovery-mail": recoveryMailJob(deps),
    "generate-letter": generateLetterJob({ db: deps.db, clock: deps.clock, brand: deps.config.brand, provider: deps.letters.provider }),
    "request-pdf-mail": requestPdfMailJob(deps),
  };
}

/** Starts the workers of every queue in this process. */
export async function registerJobHandlers(deps: Deps, options: { pollingIntervalSeconds?: number } = {}) {
  await deps.jobs.work(jobHandlers(deps), options);
}
