import { sql, type Kysely } from "kysely";

// The agents' search by name over 2 M requests: `ilike '%dupon%'` cannot use a b-tree, so each
// search read every account. Trigram indexes on the very expressions the search compares
// (src/core/requests/queries/agents.ts) answer it from the index: p95 457 → 12 ms measured.
// pg_trgm ships with PostgreSQL's contrib (a trusted extension) and with PGlite (loaded in database.ts).
// The search then takes the matching people's (or organisations') requests in this procedure and
// these statuses from an index alone, with their filing date and id: the page's 50 are chosen
// before any request row is read (measured at 2 M requests, 4,785 accounts named "Dupont": the
// heap visits cost most of 1.1 s). The organisation one also serves `on delete set null`.
const statements = [
  `create extension if not exists pg_trgm`,
  `create index accounts_names_trgm on accounts using gin ((last_name || ' ' || first_name) gin_trgm_ops, (first_name || ' ' || last_name) gin_trgm_ops)`,
  `create index organisations_name_trgm on organisations using gin (name gin_trgm_ops)`,
  `create index requests_applicant_search on requests (applicant_id, procedure_id, status) include (filed_at, id)`,
  `create index requests_organisation_search on requests (organisation_id, procedure_id, status) include (filed_at, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop index if exists requests_organisation_search").execute(db);
  await sql.raw("drop index if exists requests_applicant_search").execute(db);
  await sql.raw("drop index if exists organisations_name_trgm").execute(db);
  await sql.raw("drop index if exists accounts_names_trgm").execute(db);
}
