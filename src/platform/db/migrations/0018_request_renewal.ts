import { sql, type Kysely } from "kysely";

// Issue 12: updating a filed request, its validity and renewal, and what an agent last saw.
const statements = [
  // A request whose validity ended without renewal expires (the scheduled job, through the state machine).
  `alter table requests drop constraint if exists requests_status_check`,
  `alter table requests add constraint requests_status_check
    check (status in ('draft', 'filed', 'in_instruction', 'accepted', 'refused', 'closed', 'abandoned', 'expired'))`,
  // Until when the request is valid (the definition's validité_mois from filing or the last renewal).
  `alter table requests add column valid_until timestamptz`,
  `alter table requests add column renewed_at timestamptz`,
  // The reminders mailed for the current validity (one month, one week before): each at most once,
  // set in the same transaction as its mail; a renewal clears them.
  `alter table requests add column reminded_month_at timestamptz`,
  `alter table requests add column reminded_week_at timestamptz`,
  // Counts the applicant's updates: an update posted from an older version is refused (no lost answer).
  `alter table requests add column answers_version integer not null default 0`,
  `create index requests_validity on requests (valid_until) where valid_until is not null and status in ('filed', 'in_instruction')`,
  // When each agent last opened a request: what changed since is shown to them.
  `create table request_agent_views (
    request_id uuid not null references requests (id) on delete cascade,
    agent_id uuid not null references accounts (id) on delete cascade,
    seen_at timestamptz not null,
    primary key (request_id, agent_id)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists request_agent_views").execute(db);
  for (const column of ["valid_until", "renewed_at", "reminded_month_at", "reminded_week_at", "answers_version"]) {
    await sql.raw(`alter table requests drop column if exists ${column}`).execute(db);
  }
}
