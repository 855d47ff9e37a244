import type { Deps } from "../platform/http/deps.ts";
import { platformJobHandlers } from "../platform/job-handlers.ts";
import type { FeatureJobHandlers } from "../platform/job-handlers.ts";
import type { JobHandler, QueueName } from "../platform/jobs.ts";
import { recoveryMailJob } from "./recovery/send-recovery-mail.ts";
import { lostIdentifierJob } from "./partner-accounts/send-lost-identifier.ts";
import { mailFilingReceipt } from "./requests/mail-filing-receipt.ts";
import { mailModificationSummary } from "./request-asks/mail-modification-summary.ts";
import { mailUpdateSummary } from "./request-renewal/mail-update-summary.ts";
import { runValidityJob } from "./request-renewal/validity-job.ts";
import { purgeExpiredExports, runExportJob } from "./instruction/export-requests.ts";
import { deliverWebhookJob } from "./partner-api/deliver-webhook.ts";
import type { ModificationChange } from "../core/requests/queries/asks.ts";

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
      else if (data.kind === "update-summary" && typeof data.updatedAt === "string" && Array.isArray(data.changes))
        await mailUpdateSummary(deps, { requestId: data.requestId, updatedAt: new Date(data.updatedAt), changes: data.changes as ModificationChange[] });
    },
    // Renewal reminders and expiry of requests (src/features/request-renewal/validity-job.ts).
    "request-validity": async () => {
      await runValidityJob(deps);
    },
    // Large exports of requests, and the purge of their files after 7 days (instruction/export-requests.ts).
    "request-export": async (data) => {
      if (typeof data.exportId === "string") await runExportJob(deps, data.exportId);
    },
    "request-export-purge": async () => {
      await purgeExpiredExports(deps);
    },
    // Partners' signed webhooks (src/features/partner-api/deliver-webhook.ts).
    "webhook-delivery": deliverWebhookJob(deps),
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

/** The recurring jobs run once per slot of this length across every process (on the hour). */
const SLOT_SECONDS = 60 * 60;
/**
 * How often each process offers them: well under the slot, so that a slot is never skipped by a
 * timer's drift or a restart, and a new slot's job is queued within minutes; an offer for a slot
 * already queued is one insert that does nothing (platform/jobs.ts, enqueueOncePer).
 */
const OFFER_MS = 5 * 60 * 1000;

/**
 * Queues the recurring jobs now and then on the hour, once for the whole cluster however many
 * processes (WORKERS, machines) run this: the validities of requests (reminders, expiry) and the
 * purge of expired exports. Returns what stops it.
 */
export function startSchedules(deps: Deps): () => void {
  const offer = () => {
    deps.jobs.enqueueOncePer("request-validity", SLOT_SECONDS).catch((error: unknown) => deps.log.warn({ err: error }, "could not queue the validity job"));
    deps.jobs.enqueueOncePer("request-export-purge", SLOT_SECONDS).catch((error: unknown) => deps.log.warn({ err: error }, "could not queue the exports' purge"));
  };
  offer();
  const timer = setInterval(offer, OFFER_MS);
  timer.unref();
  return () => clearInterval(timer);
}
