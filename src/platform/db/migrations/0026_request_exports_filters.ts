import { sql, type Kysely } from "kysely";

// Issue 15: an export holds every filter of the agents' list (agent, exchanges, order, as the
// list's address holds them), and counts the job's attempts so that the last one failing marks
// the export failed instead of leaving it « en préparation » for ever.
const statements = [
  `alter table request_exports add column agent_filter text not null default ''`,
  `alter table request_exports add column ask_filter text not null default ''`,
  `alter table request_exports add column sort_order text not null default ''`,
  `alter table request_exports add column attempts integer not null default 0`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ["attempts", "sort_order", "ask_filter", "agent_filter"]) await sql.raw(`alter table request_exports drop column if exists ${column}`).execute(db);
}
