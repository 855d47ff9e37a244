import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { findDeliveryToSend, recordAttempt } from "../../core/partner-api/queries.ts";
import { webhookHeaders } from "../../core/partner-api/webhook-signature.ts";
import { webhookMessageId } from "../../core/partner-api/webhook-events.ts";
import { checkWebhookAddress } from "../../core/partner-api/webhook-address.ts";

/** A receiver has this long to answer; the job expires at 30 s. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** After this many tries (the first and the queue's 14 retries) a delivery is marked failed. */
export const WEBHOOK_MAX_ATTEMPTS = 15;

export class WebhookNotDelivered extends Error {
  override name = "WebhookNotDelivered";
}

/**
 * The `webhook-delivery` job: posts the delivery's stored body to the partner's address, signed
 * now (a fresh timestamp per try, the same `webhook-id`), records the try, and throws when the
 * receiver did not answer 2xx in time so the queue retries it with a growing delay. A delivery
 * already delivered is skipped (the job is safe to run twice). The address is checked again
 * before each try (a host name may have been pointed to a private address since it was saved):
 * refused, the try is recorded as failed without any request sent.
 */
export function deliverWebhookJob(deps: { db: Db; clock: Clock; config: Pick<Config, "webhookAllowPrivate">; timeoutMs?: number }) {
  return async (data: Record<string, unknown>) => {
    if (typeof data.deliveryId !== "string") return;
    const delivery = await findDeliveryToSend(deps.db, data.deliveryId);
    if (!delivery || delivery.status === "delivered" || !delivery.webhookUrl) return;
    const attemptedAt = deps.clock.now();
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    const headers = webhookHeaders(delivery.webhookSecret, { id: webhookMessageId(delivery.id), timestamp, body: delivery.body });
    const started = performance.now();
    const address = await checkWebhookAddress(delivery.webhookUrl, { allowPrivate: deps.config.webhookAllowPrivate });
    const { statusCode, error } = address.ok
      ? await post(delivery.webhookUrl, headers, delivery.body, deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS)
      : { statusCode: null, error: "Adresse refusée (privée, locale ou introuvable)" };
    const durationMs = Math.round(performance.now() - started);
    const last = delivery.attempts + 1 >= WEBHOOK_MAX_ATTEMPTS;
    await recordAttempt(deps.db, { deliveryId: delivery.id, attemptedAt, statusCode, error, durationMs, status: error === null ? "delivered" : last ? "failed" : "pending" });
    if (error !== null) throw new WebhookNotDelivered(`webhook ${delivery.id}: ${error}`);
  };
}

/** One try: the receiver's status, and what went wrong (null when it answered 2xx). */
async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ statusCode: number | null; error: string | null }> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...headers, "user-agent": "Guichet-Webhooks/1" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return { statusCode: response.status, error: response.status < 200 || response.status > 299 ? `Réponse ${response.status}` : null };
  } catch (cause) {
    return { statusCode: null, error: describeFailure(cause) };
  }
}

function describeFailure(cause: unknown): string {
  if (cause instanceof DOMException && (cause.name === "TimeoutError" || cause.name === "AbortError")) return "Délai dépassé";
  const code = (cause as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === "string") return `Injoignable (${code})`;
  return "Injoignable";
}
