import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";

export interface AuditFilter {
  /** The person concerned or the author of the action. */
  accountId?: string | undefined;
  event?: string | undefined;
  /** From this instant (included) to that one (excluded). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset paging: lines older than this one (ids grow with time). */
  beforeId?: number | undefined;
}

/** One page of the audit trail, newest first, with the identifiers of the person concerned and of the author. */
export async function listAuditEvents(db: Db, filter: AuditFilter, limit: number) {
  let query = db
    .selectFrom("auditEvents as e")
    .leftJoin("accounts as concerned", "concerned.id", "e.accountId")
    .leftJoin("accounts as author", "author.id", "e.actorId")
    .select([
      sql<string>`e.id::text`.as("id"),
      "e.occurredAt",
      "e.event",
      "e.accountId",
      "e.actorId",
      "e.ip",
      sql<string>`e.details::text`.as("details"),
      "concerned.identifier as accountIdentifier",
      "author.identifier as actorIdentifier",
    ])
    .orderBy("e.id", "desc")
    .limit(limit);
  if (filter.accountId) {
    const id = filter.accountId;
    query = query.where((eb) => eb.or([eb("e.accountId", "=", id), eb("e.actorId", "=", id)]));
  }
  if (filter.event) query = query.where("e.event", "=", filter.event);
  if (filter.from) query = query.where("e.occurredAt", ">=", filter.from);
  if (filter.to) query = query.where("e.occurredAt", "<", filter.to);
  if (filter.beforeId !== undefined) query = query.where("e.id", "<", filter.beforeId);
  return query.execute();
}

/** The codes found in the audit trail (the action filter offers them with the labelled ones). */
export async function listAuditEventCodes(db: Db) {
  // A loose index scan: one index probe per distinct code, whatever the trail's length.
  const { rows } = await sql<{ event: string }>`
    with recursive codes as (
      (select event from audit_events order by event limit 1)
      union all
      select (select event from audit_events where event > codes.event order by event limit 1) from codes where codes.event is not null
    )
    select event from codes where event is not null`.execute(db);
  return rows.map((row) => row.event);
}
