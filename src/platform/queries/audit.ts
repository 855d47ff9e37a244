import type { Db } from "../db/database.ts";

/** One line of the audit trail (append-only: a trigger refuses UPDATE and DELETE). */
export async function insertAuditEvent(
  db: Db,
  row: { occurredAt: Date; event: string; accountId: string | null; actorId: string | null; ip: string | null; details: Record<string, unknown> },
) {
  await db
    .insertInto("auditEvents")
    .values({ ...row, details: JSON.stringify(row.details) })
    .execute();
}
