import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/database.ts";
import { findAppSecret, insertAppSecretOnce, markSignatureUsed } from "../queries/app-secrets.ts";

/**
 * A secret the portal keeps across restarts and shares between its processes, created once:
 * the first process to need it writes it, the others read that one.
 */
export async function storedSecret(db: Db, name: string, create: () => string = () => randomBytes(32).toString("base64url")): Promise<string> {
  const existing = await findAppSecret(db, name);
  if (existing !== undefined) return existing;
  return insertAppSecretOnce(db, name, create());
}

/**
 * A value carried by a form from one step to the next, signed so the browser cannot change it,
 * with its expiry: "value.expiresAtMs.signature".
 */
export function signTicket(key: string, value: string, expiresAt: Date): string {
  const payload = `${value}.${expiresAt.getTime()}`;
  return `${payload}.${createHmac("sha256", key).update(payload).digest("base64url")}`;
}

/** The value of a ticket signed with this key and not expired, or null. */
export function readTicket(key: string, ticket: string, now: Date): string | null {
  const parts = ticket.split(".");
  if (parts.length !== 3) return null;
  const [value, expiry, signature] = parts as [string, string, string];
  // Compared as written, not decoded: base64url's last character has spare bits, and a second
  // spelling of one signature would be a second ticket for `consumeTicket`.
  const expected = Buffer.from(createHmac("sha256", key).update(`${value}.${expiry}`).digest("base64url"));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (!/^\d+$/.test(expiry) || Number(expiry) <= now.getTime()) return null;
  return value;
}

/** A signed ticket was presented a second time: what it allowed is done already. */
export class TicketAlreadyUsed extends Error {
  override name = "TicketAlreadyUsed";
}

/**
 * Makes a ticket single use, inside the transaction of what it allows: the first call records
 * it (with the used captcha payloads, which a job forgets once expired), a later one throws.
 */
export async function consumeTicket(db: Db, ticket: string, expiresAt: Date): Promise<void> {
  const signature = `ticket:${createHmac("sha256", "ticket").update(ticket).digest("hex")}`;
  if (!(await markSignatureUsed(db, signature, expiresAt))) throw new TicketAlreadyUsed();
}
