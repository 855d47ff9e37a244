import type { Deps } from "../platform/http/deps.ts";
import { platformJobHandlers } from "../platform/job-handlers.ts";
import type { FeatureJobHandlers } from "../platform/job-handlers.ts";
import type { JobHandler, QueueName } from "../platform/jobs.ts";
import { recoveryMailJob } from "./recovery/send-recovery-mail.ts";
import { lostIdentifierJob } from "./partner-accounts/send-lost-identifier.ts";
import { mailFilingReceipt } from "./requests/mail-filing-receipt.ts";
import { mailModificationSummary } from "./request-asks/mail-modification-summary.ts";

/**
 * The jobs each feature serves, as index.ts lists their routes: a new queue is declared in
 * platform/jobs.ts (its retry policy) and its handler here, so platform/ never imports a feature.
 */
function featureJobHandlers(deps: Deps): FeatureJobHandlers {
  return {
    "recovery-mail": recoveryMailJob(deps),
    "partner-identifier": lostIdentifierJob(deps),
    // A request's PDFs, built once the change that asked for them is committed (job data is plain JSON).
    "request-pdf-mail": async (data) => {
      if (typeof data.requestId !== "string") return;
      if (data.kind === "filing-receipt") await mailFilingReceipt(deps, data.requestId);
      else if (data.kind === "modification-summary" && typeof data.askId === "string") await mailModificationSummary(deps, { requestId: data.requestId, askId: data.askId });
    },
  };
}

/** Which handler serves which queue: the platform's and the features'. */
export function jobHandlers(deps: Deps): Record<QueueName, JobHandler> {
  return { ...platformJobHandlers(deps), ...featureJobHandlers(deps) };
}

/** Starts the workers of every queue in this process. */
export async function registerJobHandlers(deps: Deps, options: { pollingIntervalSeconds?: number } = {}) {
  await deps.jobs.work(jobHandlers(deps), options);
}
