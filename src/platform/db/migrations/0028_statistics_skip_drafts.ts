import { sql, type Kysely } from "kysely";
import { applyStatements } from "./0022_request_statistics.ts";

// Issue 14: every draft saved (« Poursuivre plus tard », the script's autosave) updates its
// request's answers, step and `updated_at`, and the statement trigger of 0022 ran its three upserts
// over the old and new rows for nothing: measured with pgbench, one client, 0.33 → 0.25 ms per
// such update without them. The function now first asks whether a row changed in what the
// statistics count, and returns at once when none did. `updated_at` counts only for the statuses
// whose day it gives (0022's flowRows); when in doubt the upserts run, as before.
// (A trigger with transition tables cannot name the columns it fires on: the test is inside.)

const SOURCES: [string, number][] = [
  ["new_rows", 1],
  ["old_rows", -1],
];

const COUNTED_CHANGE = `exists (
  select 1 from old_rows o join new_rows n on n.id = o.id
  where (o.procedure_id, o.status, o.created_at, o.filed_at, o.decided_at, o.assigned_agent_id)
      is distinct from (n.procedure_id, n.status, n.created_at, n.filed_at, n.decided_at, n.assigned_agent_id)
    or (o.updated_at is distinct from n.updated_at and n.status in ('accepted', 'refused', 'closed', 'abandoned', 'expired')))`;

function updatedFunction(guard: string) {
  return `create or replace function request_statistics_updated() returns trigger language plpgsql as $$
    begin
      ${guard}
      ${applyStatements(SOURCES).join(";\n      ")};
      return null;
    end
  $$`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(updatedFunction(`if not ${COUNTED_CHANGE} then return null; end if;`)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(updatedFunction("")).execute(db);
}
