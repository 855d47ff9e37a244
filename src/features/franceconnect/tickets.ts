import type { Db } from "../../platform/db/database.ts";
import { readTicket, signTicket, storedSecret } from "../../platform/security/app-secrets.ts";

/**
 * What the browser carries between FranceConnect's steps (the login in flight, then the identity
 * waiting for an account), signed so it cannot be changed or forged, with its expiry. Each is
 * used once: `consumeTicket` in the transaction of what it allows.
 */

const secrets = new WeakMap<Db, Promise<string>>();

function key(db: Db): Promise<string> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = storedSecret(db, "franceconnect-tickets");
    secrets.set(db, secret);
    secret.catch(() => secrets.delete(db));
  }
  return secret;
}

export async function sealTicket(db: Db, payload: unknown, expiresAt: Date): Promise<string> {
  return signTicket(await key(db), Buffer.from(JSON.stringify(payload)).toString("base64url"), expiresAt);
}

/** The payload of a ticket this portal signed and that has not expired, or null. */
export async function openTicket<T>(db: Db, ticket: string | undefined, now: Date): Promise<T | null> {
  if (!ticket) return null;
  const value = readTicket(await key(db), ticket, now);
  if (value === null) return null;
  try {
    return JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as T;
  } catch {
    return null;
  }
}

/** The expiry written in a ticket (checked already by openTicket): how long its "used" mark must last. */
export function ticketExpiry(ticket: string): Date {
  return new Date(Number(ticket.split(".")[1]));
}
