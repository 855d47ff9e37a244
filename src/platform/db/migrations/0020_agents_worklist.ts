import { sql, type Kysely } from "kysely";

// Issue 15, agents' tools: the list sorted by last activity, filtered by agent and by the asks'
// state, searched by part of a number.
const statements = [
  // When anything last happened to the request (any line of its history): kept by a trigger on
  // request_events, so every writer of the history (state machine, asks, messages, renewals,
  // payments) moves it without knowing about it.
  `alter table requests add column last_activity_at timestamptz`,
  `update requests set last_activity_at = coalesce(
     (select max(e.occurred_at) from request_events e where e.request_id = requests.id),
     filed_at, created_at)`,
  `create or replace function requests_touch_last_activity() returns trigger language plpgsql as $$
   begin
     update requests set last_activity_at = greatest(last_activity_at, new.occurred_at) where id = new.request_id;
     return new;
   end
   $$`,
  `create trigger request_events_touch_last_activity after insert on request_events
     for each row execute function requests_touch_last_activity()`,
  // The list by last activity (either direction: an index scans both ways).
  `create index requests_procedure_activity on requests (procedure_id, last_activity_at, id) where status <> 'draft'`,
  // "Assignées à moi" / to a named agent / unassigned, by filing date.
  `create index requests_procedure_agent on requests (procedure_id, assigned_agent_id, filed_at, id) where status <> 'draft'`,
  // Part of a number ("C4W DSP"): trigrams (pg_trgm, migration 0009) serve `like '%…%'`.
  `create index requests_number_trgm on requests using gin (number gin_trgm_ops) where number is not null`,
  // "Réponse reçue": the answered asks of a request, by date.
  `create index request_asks_answered on request_asks (request_id, answered_at) where status = 'answered'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ["request_asks_answered", "requests_number_trgm", "requests_procedure_agent", "requests_procedure_activity"]) {
    await sql.raw(`drop index if exists ${index}`).execute(db);
  }
  await sql.raw("drop trigger if exists request_events_touch_last_activity on request_events").execute(db);
  await sql.raw("drop function if exists requests_touch_last_activity()").execute(db);
  await sql.raw("alter table requests drop column if exists last_activity_at").execute(db);
}
