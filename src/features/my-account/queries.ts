import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";

/** Every session of an account, live or not yet purged, for the data export (never the token hash). */
export async function listSessionsForExport(db: Db, accountId: string) {
  return db
    .selectFrom("sessions")
    .select(["id", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent"])
    .where("accountId", "=", accountId)
    .orderBy("createdAt", "asc")
    .execute();
}

/** The audit events about an account or done by it, oldest first. */
export async function listAuditEventsOfAccount(db: Db, accountId: string) {
  return db
    .selectFrom("auditEvents")
    .select(["id", "occurredAt", "event", "ip", "details"])
    .where((eb) => eb.or([eb("accountId", "=", accountId), eb("actorId", "=", accountId)]))
    .orderBy("occurredAt", "asc")
    .orderBy("id", "asc")
    .execute();
}

/** Mails stored for an address, ignoring case as the accounts' unique index does. */
export async function listMailsTo(db: Db, normalizedEmail: string) {
  return db
    .selectFrom("mails")
    .select(["createdAt", "sentAt", "toAddress", "subject", "textBody"])
    .where(sql`lower(to_address)`, "=", normalizedEmail)
    .orderBy("createdAt", "asc")
    .execute();
}

/**
 * Erases the stored copies of the mails sent to an address (they hold names and identifiers).
 * A copy still waiting for delivery is erased too: its sending job then finds nothing to send.
 */
export async function deleteMailsTo(db: Db, normalizedEmail: string) {
  await db.deleteFrom("mails").where(sql`lower(to_address)`, "=", normalizedEmail).execute();
}
