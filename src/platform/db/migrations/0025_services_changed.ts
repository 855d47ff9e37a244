import { sql, type Kysely } from "kysely";

// Each process keeps the active services in memory (core/organisations/service-catalogue.ts). Any
// change to the table — the admin pages, the command line, another process, a hand-written
// UPDATE — notifies every listening process once committed (PostgreSQL delivers a NOTIFY only
// after its transaction commits, and never for one rolled back), and each drops its copy.
// Per statement, not per row: one notification is enough however many rows changed.
const statements = [
  `create function notify_services_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('guichet_services', '');
      return null;
    end
  $$`,
  `create trigger services_changed after insert or update or delete or truncate on services
    for each statement execute function notify_services_changed()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop trigger if exists services_changed on services").execute(db);
  await sql.raw("drop function if exists notify_services_changed()").execute(db);
}
