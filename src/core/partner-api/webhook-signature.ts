import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signatures of webhook deliveries, as the Standard Webhooks specification says
 * (https://www.standardwebhooks.com): the headers `webhook-id`, `webhook-timestamp` (seconds)
 * and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the key being the
 * base64 part of the partner's secret ("whsec_…"). The `standardwebhooks` npm package verifies them.
 */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
}

export function signWebhook(secret: string, input: { id: string; timestamp: number; body: string }): string {
  const mac = createHmac("sha256", keyOf(secret)).update(`${input.id}.${input.timestamp}.${input.body}`).digest("base64");
  return `v1,${mac}`;
}

/** The headers of one delivery. */
export function webhookHeaders(secret: string, input: { id: string; timestamp: number; body: string }): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": input.id,
    "webhook-timestamp": String(input.timestamp),
    "webhook-signature": signWebhook(secret, input),
  };
}

/** How far a delivery's timestamp may be from the receiver's clock (replays are refused beyond). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type WebhookVerification = { valid: true; id: string; payload: unknown } | { valid: false; reason: "missing-headers" | "stale-timestamp" | "bad-signature" | "bad-body" };

/**
 * The receiver's helper (for partners, and the tests' own receiver): checks the three headers,
 * refuses a timestamp more than 5 minutes from `now` (a replayed delivery), compares the
 * signature in constant time against each `v1,` signature of the header (several may be given
 * while a secret is rotated), then parses the body. `body` must be the raw bytes received.
 *
 *   const check = verifyWebhook(secret, request.headers, rawBody);
 *   if (!check.valid) return answer(400);
 *   // check.id is the same at every retry of a delivery: ignore one already handled.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): WebhookVerification {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header("webhook-id");
  const timestamp = header("webhook-timestamp");
  const signatures = header("webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return { valid: false, reason: "missing-headers" };
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS)) return { valid: false, reason: "stale-timestamp" };
  const expected = Buffer.from(signWebhook(secret, { id, timestamp: Number(timestamp), body }).slice(3), "base64");
  const matches = signatures.split(" ").some((candidate) => {
    if (!candidate.startsWith("v1,")) return false;
    const given = Buffer.from(candidate.slice(3), "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { valid: false, reason: "bad-signature" };
  try {
    return { valid: true, id, payload: JSON.parse(body) as unknown };
  } catch {
    return { valid: false, reason: "bad-body" };
  }
}
