import { sql, type Kysely } from "kysely";

/*
 * Statistics of requests (issue 15), kept in three summary tables so the statistics pages read a
 * few thousand rows whatever the number of requests (2 M in DESIGN.md's measures):
 * - request_flow_counts: per procedure and day (Europe/Paris), how many requests were started,
 *   filed, accepted, refused, closed (sans suite), abandoned or expired that day;
 * - request_processing_days: per procedure and month of decision, how many decisions took n whole
 *   days from filing (the median and 90th percentile are read from this histogram);
 * - request_backlog_counts: per procedure, assigned agent (null: nobody) and day of filing, how
 *   many requests are still to process (filed or in instruction).
 *
 * Statement-level triggers on requests keep them exact: each INSERT, UPDATE or DELETE statement
 * adds what its new rows contribute and subtracts what its old rows contributed, aggregated
 * (one upsert per group, not per row), so a bulk insert of 100 000 rows costs one aggregate.
 * The migration fills them from the existing requests.
 */

const day = (column: string) => `(${column} at time zone 'Europe/Paris')::date`;

/** What a set of request rows contributes to each table, as SELECTs giving (keys…, n). */
function flowRows(from: string, sign: number) {
  return [
    `select procedure_id, ${day("created_at")} as day, 'started' as flow, ${sign} as n from ${from}`,
    `select procedure_id, ${day("filed_at")}, 'filed', ${sign} from ${from} where filed_at is not null`,
    `select procedure_id, ${day("coalesce(decided_at, updated_at)")}, status, ${sign} from ${from} where status in ('accepted', 'refused', 'closed')`,
    `select procedure_id, ${day("updated_at")}, status, ${sign} from ${from} where status in ('abandoned', 'expired')`,
  ].join(" union all ");
}

function processingRows(from: string, sign: number) {
  return `select procedure_id, date_trunc('month', decided_at at time zone 'Europe/Paris')::date as month,
      floor(extract(epoch from (decided_at - filed_at)) / 86400)::integer as days, ${sign} as n
    from ${from} where status in ('accepted', 'refused', 'closed') and decided_at is not null and filed_at is not null and decided_at >= filed_at`;
}

function backlogRows(from: string, sign: number) {
  return `select procedure_id, assigned_agent_id, ${day("filed_at")} as filed_day, ${sign} as n
    from ${from} where status in ('filed', 'in_instruction') and filed_at is not null`;
}

/** The upserts applying the rows of `sources` (each a [table, sign] pair) to the three tables. */
export function applyStatements(sources: [string, number][]): string[] {
  const union = (rows: (from: string, sign: number) => string) => sources.map(([from, sign]) => rows(from, sign)).join(" union all ");
  return [
    `insert into request_flow_counts (procedure_id, day, flow, count)
      select procedure_id, day, flow, sum(n) from (${union(flowRows)}) as d group by procedure_id, day, flow having sum(n) <> 0
      on conflict (procedure_id, day, flow) do update set count = request_flow_counts.count + excluded.count`,
    `insert into request_processing_days (procedure_id, month, days, count)
      select procedure_id, month, days, sum(n) from (${union(processingRows)}) as d group by procedure_id, month, days having sum(n) <> 0
      on conflict (procedure_id, month, days) do update set count = request_processing_days.count + excluded.count`,
    `insert into request_backlog_counts (procedure_id, assigned_agent_id, filed_day, count)
      select procedure_id, assigned_agent_id, filed_day, sum(n) from (${union(backlogRows)}) as d group by procedure_id, assigned_agent_id, filed_day having sum(n) <> 0
      on conflict (procedure_id, assigned_agent_id, filed_day) do update set count = request_backlog_counts.count + excluded.count`,
  ];
}

function triggerFunction(name: string, sources: [string, number][]) {
  return `create function ${name}() returns trigger language plpgsql as $$
    begin
      ${applyStatements(sources).join(";\n      ")};
      return null;
    end
  $$`;
}

const statements = [
  `create table request_flow_counts (
    procedure_id uuid not null references procedures (id) on delete cascade,
    day date not null,
    flow text not null check (flow in ('started', 'filed', 'accepted', 'refused', 'closed', 'abandoned', 'expired')),
    count integer not null,
    primary key (procedure_id, day, flow)
  )`,
  `create table request_processing_days (
    procedure_id uuid not null references procedures (id) on delete cascade,
    month date not null,
    days integer not null check (days >= 0),
    count integer not null,
    primary key (procedure_id, month, days)
  )`,
  `create table request_backlog_counts (
    procedure_id uuid not null references procedures (id) on delete cascade,
    assigned_agent_id uuid,
    filed_day date not null,
    count integer not null
  )`,
  `create unique index request_backlog_counts_key on request_backlog_counts (procedure_id, assigned_agent_id, filed_day) nulls not distinct`,
  triggerFunction("request_statistics_inserted", [["new_rows", 1]]),
  triggerFunction("request_statistics_updated", [["new_rows", 1], ["old_rows", -1]]),
  triggerFunction("request_statistics_deleted", [["old_rows", -1]]),
  `create trigger request_statistics_inserted after insert on requests referencing new table as new_rows for each statement execute function request_statistics_inserted()`,
  `create trigger request_statistics_updated after update on requests referencing old table as old_rows new table as new_rows for each statement execute function request_statistics_updated()`,
  `create trigger request_statistics_deleted after delete on requests referencing old table as old_rows for each statement execute function request_statistics_deleted()`,
  ...applyStatements([["requests", 1]]),
  // The audit trail's page (src/features/audit-trail) filters by author or by action, newest first.
  `create index audit_events_actor on audit_events (actor_id, id desc)`,
  `create index audit_events_event on audit_events (event, id desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop index if exists audit_events_actor").execute(db);
  await sql.raw("drop index if exists audit_events_event").execute(db);
  for (const operation of ["inserted", "updated", "deleted"]) {
    await sql.raw(`drop trigger if exists request_statistics_${operation} on requests`).execute(db);
    await sql.raw(`drop function if exists request_statistics_${operation}()`).execute(db);
  }
  for (const table of ["request_backlog_counts", "request_processing_days", "request_flow_counts"]) await sql.raw(`drop table if exists ${table}`).execute(db);
}
