import { sql, type Kysely } from "kysely";

// Issue 14: each process keeps the dashboard it last drew for a session (ui/kept-pages.ts), and
// draws it again only when something it shows has changed. What changed is told by a counter on
// the account, `dashboard_version`, read with the session (one query, which every page makes
// anyway) and moved by these triggers, whoever writes — the pages, the jobs, another process, the
// command line, a hand-written UPDATE — in the same transaction as the change, so the first page
// after a commit sees it: no notification to wait for, nothing to miss.
//
// The tables are those the dashboard reads (a test compares them with the statements its pages
// send: src/features/services/dashboard-kept.test.ts): the person's grants, accepted terms and
// memberships (the tiles), their requests with their asks and payments (« Mes demandes »), their
// questions with the replies and whether they are a support agent (« Mes questions »), and their
// organisations' names. Services are held in memory and dropped on their own NOTIFY (0025); the
// person and their current organisation come fresh with the session.
//
// A draft's saves (answers, step, `updated_at`: the hottest write) move nothing: no panel shows a
// draft's content, only its existence, which an INSERT or DELETE tells.

const BUMP = "update accounts set dashboard_version = dashboard_version + 1 where id =";

const statements = [
  `alter table accounts add column dashboard_version bigint not null default 0`,

  // Rows that name their account: grants, terms_acceptances, memberships, support_questions, support_agents.
  `create function dashboard_changed_by_account() returns trigger language plpgsql as $$
    begin
      -- OLD and NEW exist only for the operations that have them: each branch reads its own.
      if tg_op = 'INSERT' then ${BUMP} new.account_id;
      elsif tg_op = 'DELETE' then ${BUMP} old.account_id;
      else
        ${BUMP} old.account_id;
        if new.account_id is distinct from old.account_id then ${BUMP} new.account_id; end if;
      end if;
      return null;
    end
  $$`,
  // A request's own rows: request_asks, request_payments.
  `create function dashboard_changed_by_request() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then ${BUMP} (select applicant_id from requests where id = old.request_id);
      else ${BUMP} (select applicant_id from requests where id = new.request_id);
      end if;
      return null;
    end
  $$`,
  `create function dashboard_changed_by_request_row() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then ${BUMP} new.applicant_id;
      elsif tg_op = 'DELETE' then ${BUMP} old.applicant_id;
      else
        ${BUMP} old.applicant_id;
        if new.applicant_id is distinct from old.applicant_id then ${BUMP} new.applicant_id; end if;
      end if;
      return null;
    end
  $$`,
  `create function dashboard_changed_by_reply() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then ${BUMP} (select account_id from support_questions where id = old.question_id);
      else ${BUMP} (select account_id from support_questions where id = new.question_id);
      end if;
      return null;
    end
  $$`,
  `create function dashboard_changed_by_organisation() returns trigger language plpgsql as $$
    begin
      update accounts set dashboard_version = dashboard_version + 1 where id in (select account_id from memberships where organisation_id = new.id);
      return null;
    end
  $$`,

  ...["grants", "terms_acceptances", "memberships", "support_questions", "support_agents"].map(
    (table) => `create trigger ${table}_dashboard_changed after insert or update or delete on ${table} for each row execute function dashboard_changed_by_account()`,
  ),
  ...["request_asks", "request_payments"].map(
    (table) => `create trigger ${table}_dashboard_changed after insert or update or delete on ${table} for each row execute function dashboard_changed_by_request()`,
  ),
  `create trigger requests_dashboard_added_or_removed after insert or delete on requests for each row execute function dashboard_changed_by_request_row()`,
  // A draft that stays a draft changes nothing the dashboard shows.
  `create trigger requests_dashboard_changed after update on requests for each row
    when (old.status <> 'draft' or new.status <> 'draft' or old.applicant_id is distinct from new.applicant_id)
    execute function dashboard_changed_by_request_row()`,
  `create trigger support_replies_dashboard_changed after insert or update or delete on support_replies for each row execute function dashboard_changed_by_reply()`,
  `create trigger organisations_dashboard_changed after update on organisations for each row
    when (old is distinct from new) execute function dashboard_changed_by_organisation()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["grants", "terms_acceptances", "memberships", "support_questions", "support_agents", "request_asks", "request_payments", "support_replies", "organisations"])
    await sql.raw(`drop trigger if exists ${table}_dashboard_changed on ${table}`).execute(db);
  await sql.raw("drop trigger if exists requests_dashboard_added_or_removed on requests").execute(db);
  await sql.raw("drop trigger if exists requests_dashboard_changed on requests").execute(db);
  for (const name of ["account", "request", "request_row", "reply", "organisation"]) await sql.raw(`drop function if exists dashboard_changed_by_${name}()`).execute(db);
  await sql.raw("alter table accounts drop column if exists dashboard_version").execute(db);
}
