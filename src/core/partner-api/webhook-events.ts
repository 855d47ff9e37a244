import { randomUUID } from "node:crypto";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { findRequestForEvent, insertDelivery, listSubscribedPartners } from "./queries.ts";
import type { WebhookEvent } from "./tokens.ts";

/**
 * Queues one event for every partner subscribed to it that the request's applicant granted
 * access, inside the caller's transaction: the delivery rows and their `webhook-delivery` jobs
 * exist only if the change that caused them commits, and sending never blocks that change.
 * The body is fixed here (Standard Webhooks' `type`, `timestamp`, `data`), so every retry and
 * every re-sending sends and signs the same bytes with the same `webhook-id`.
 */
export async function queueWebhookEvent(
  deps: { clock: Clock; jobs: Jobs },
  trx: Db,
  input: {
    event: WebhookEvent;
    requestId: string;
    applicantId: string | null;
    previousStatus?: string;
    /** What the event adds to `data` (a payment's step, the fields updated…), in the partners' French names. */
    data?: Record<string, unknown>;
  },
): Promise<string[]> {
  const partners = await listSubscribedPartners(trx, { event: input.event, applicantId: input.applicantId });
  if (partners.length === 0) return [];
  const request = await findRequestForEvent(trx, input.requestId);
  if (!request) return [];
  const data = { demande: request.id, numero: request.number, demarche: request.slug, statut: request.status, ...(input.previousStatus ? { ancien_statut: input.previousStatus } : {}), ...input.data };
  const ids: string[] = [];
  const now = deps.clock.now();
  for (const partner of partners) {
    const id = randomUUID();
    const body = JSON.stringify({ type: input.event, timestamp: now.toISOString(), data });
    await insertDelivery(trx, { id, partnerId: partner.id, eventType: input.event, body, now });
    await deps.jobs.enqueue("webhook-delivery", { deliveryId: id }, trx);
    ids.push(id);
  }
  return ids;
}

/** The `webhook-id` header of a delivery. */
export function webhookMessageId(deliveryId: string): string {
  return `msg_${deliveryId}`;
}
