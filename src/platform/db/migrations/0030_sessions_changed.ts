import { sql, type Kysely } from "kysely";

// Each process keeps the sessions it has read in memory (platform/sessions/kept-sessions.ts) and
// drops a person's as soon as anything the session query reads changes: these triggers send a
// NOTIFY on `guichet_sessions`, its payload the account's id ('' for everyone), whoever writes.
//
// What the session query reads moves one of two things: a session row (ended: DELETE; acting for
// another organisation: current_organisation_id), or the account row — its own columns, and
// `dashboard_version`, which the triggers of migration 0029 move whenever the person's memberships
// or their organisations' names change. `last_seen_at` (written once a minute) notifies nobody.
//
// Sessions ended by one statement notify once per account, or once for everyone beyond 100
// accounts (the nightly clean-up of expired sessions: those were not kept anyway).
const statements = [
  `create function notify_sessions_ended() returns trigger language plpgsql as $$
    begin
      if (select count(distinct account_id) from ended) > 100 then
        perform pg_notify('guichet_sessions', '');
      else
        perform pg_notify('guichet_sessions', account_id::text) from (select distinct account_id from ended) as accounts;
      end if;
      return null;
    end
  $$`,
  `create trigger sessions_ended after delete on sessions referencing old table as ended
    for each statement execute function notify_sessions_ended()`,

  `create function notify_session_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('guichet_sessions', new.account_id::text);
      return null;
    end
  $$`,
  `create trigger sessions_organisation_changed after update of current_organisation_id, account_id on sessions for each row
    when (old.current_organisation_id is distinct from new.current_organisation_id or old.account_id is distinct from new.account_id)
    execute function notify_session_changed()`,

  `create function notify_account_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('guichet_sessions', old.id::text);
      return null;
    end
  $$`,
  // The columns of the session query (platform/sessions/queries.ts); a test checks them.
  `create trigger accounts_session_changed after update on accounts for each row
    when ((old.identifier, old.civility, old.first_name, old.last_name, old.email, old.role, old.must_change_password, old.dashboard_version)
      is distinct from (new.identifier, new.civility, new.first_name, new.last_name, new.email, new.role, new.must_change_password, new.dashboard_version))
    execute function notify_account_changed()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop trigger if exists accounts_session_changed on accounts").execute(db);
  await sql.raw("drop trigger if exists sessions_organisation_changed on sessions").execute(db);
  await sql.raw("drop trigger if exists sessions_ended on sessions").execute(db);
  for (const name of ["notify_sessions_ended", "notify_session_changed", "notify_account_changed"]) await sql.raw(`drop function if exists ${name}()`).execute(db);
}
