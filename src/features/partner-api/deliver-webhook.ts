import http from "node:http";
import https from "node:https";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
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
 * refused, the try is recorded as failed without any request sent. The connection itself checks
 * the address it reaches too (postWebhook), so a name re-pointed between the check and the
 * connection (DNS rebinding) reaches nothing private either.
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
      ? await postWebhook(delivery.webhookUrl, headers, delivery.body, { timeoutMs: deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS, allowPrivate: deps.config.webhookAllowPrivate })
      : { statusCode: null, error: REFUSED };
    const durationMs = Math.round(performance.now() - started);
    const last = delivery.attempts + 1 >= WEBHOOK_MAX_ATTEMPTS;
    await recordAttempt(deps.db, { deliveryId: delivery.id, attemptedAt, statusCode, error, durationMs, status: error === null ? "delivered" : last ? "failed" : "pending" });
    if (error !== null) throw new WebhookNotDelivered(`webhook ${delivery.id}: ${error}`);
  };
}

/** Agents that refuse to connect to a private, local or reserved address, whatever the name resolved to. */
const publicOnly = { http: new RequestFilteringHttpAgent(), https: new RequestFilteringHttpsAgent() };
const anyAddress = { http: new http.Agent(), https: new https.Agent() };

const REFUSED = "Adresse refusée (privée, locale ou introuvable)";

/**
 * One try: the receiver's status, and what went wrong (null when it answered 2xx). Redirects are
 * not followed (a 3xx is a failure). Unless private addresses are allowed, the socket is refused
 * when the address the name resolves to at connection time is not public (request-filtering-agent).
 */
export function postWebhook(url: string, headers: Record<string, string>, body: string, options: { timeoutMs: number; allowPrivate: boolean }): Promise<{ statusCode: number | null; error: string | null }> {
  const target = new URL(url);
  const secure = target.protocol === "https:";
  const agents = options.allowPrivate ? anyAddress : publicOnly;
  return new Promise((resolve) => {
    const request = (secure ? https : http).request(
      target,
      {
        method: "POST",
        agent: secure ? agents.https : agents.http,
        headers: { ...headers, "user-agent": "Guichet-Webhooks/1", "content-length": Buffer.byteLength(body) },
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        resolve({ statusCode: status, error: status < 200 || status > 299 ? `Réponse ${status}` : null });
      },
    );
    request.on("error", (cause) => resolve({ statusCode: null, error: describeFailure(cause) }));
    request.end(body);
  });
}

function describeFailure(cause: unknown): string {
  const failure = cause as { name?: unknown; code?: unknown; message?: unknown };
  if (failure.name === "TimeoutError" || failure.name === "AbortError") return "Délai dépassé";
  if (typeof failure.message === "string" && failure.message.includes("is not allowed")) return REFUSED;
  if (typeof failure.code === "string") return `Injoignable (${failure.code})`;
  return "Injoignable";
}
