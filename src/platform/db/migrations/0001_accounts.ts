import { sql, type Kysely } from "kysely";

// Statements run one by one: the embedded database's extended protocol takes one per query.
const statements = [
  `create table accounts (
    id uuid primary key default gen_random_uuid(),
    identifier text not null,
    email text not null,
    civility text not null check (civility in ('M.', 'Mme')),
    last_name text not null,
    first_name text not null,
    password_hash text not null,
    role text not null default 'applicant' check (role in ('applicant', 'platform_admin')),
    status text not null default 'pending' check (status in ('pending', 'active')),
    must_change_password boolean not null default false,
    temporary_password_expires_at timestamptz,
    terms_accepted_at timestamptz not null,
    activated_at timestamptz,
    password_changed_at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  // Identifiers and addresses are unique ignoring case; lookups go through the same expressions.
  `create unique index accounts_identifier_key on accounts (lower(identifier))`,
  `create unique index accounts_email_key on accounts (lower(email))`,

  `create table account_tokens (
    token_hash text primary key,
    account_id uuid not null references accounts (id) on delete cascade,
    purpose text not null check (purpose in ('activation', 'password_reset', 'email_change')),
    new_email text,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
  )`,
  `create index account_tokens_account on account_tokens (account_id, purpose)`,

  `create table password_history (
    account_id uuid not null references accounts (id) on delete cascade,
    password_hash text not null,
    created_at timestamptz not null
  )`,
  `create index password_history_account on password_history (account_id, created_at desc)`,

  `create table sessions (
    id uuid primary key default gen_random_uuid(),
    token_hash text not null unique,
    account_id uuid not null references accounts (id) on delete cascade,
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at timestamptz not null,
    ip text not null,
    user_agent text not null
  )`,
  `create index sessions_account on sessions (account_id)`,

  // Failed attempts per key (account identifier typed, or IP): growing delays, never a permanent lock.
  `create table throttles (
    key text primary key,
    failures integer not null,
    last_failure_at timestamptz not null,
    blocked_until timestamptz,
    notified_at timestamptz
  )`,

  `create table audit_events (
    id bigint generated always as identity primary key,
    occurred_at timestamptz not null,
    event text not null,
    account_id uuid,
    actor_id uuid,
    ip text,
    details jsonb not null default '{}'
  )`,
  `create index audit_events_account on audit_events (account_id, occurred_at desc)`,
  // The audit trail is append-only: the database itself refuses to rewrite it.
  `create function audit_events_append_only() returns trigger language plpgsql as $$
   begin
     raise exception 'audit_events is append-only';
   end $$`,
  `create trigger audit_events_no_rewrite before update or delete on audit_events
   for each row execute function audit_events_append_only()`,

  `create table mails (
    id uuid primary key default gen_random_uuid(),
    to_address text not null,
    subject text not null,
    text_body text not null,
    html_body text not null,
    attachments jsonb not null default '[]',
    created_at timestamptz not null,
    sent_at timestamptz,
    attempts integer not null default 0,
    last_error text
  )`,
  `create index mails_created on mails (created_at desc)`,

  `create table app_secrets (
    name text primary key,
    value text not null
  )`,

  // A solved captcha is accepted once.
  `create table used_captchas (
    signature text primary key,
    expires_at timestamptz not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["used_captchas", "app_secrets", "mails", "audit_events", "throttles", "sessions", "password_history", "account_tokens", "accounts"]) {
    await sql.raw(`drop table if exists ${table} cascade`).execute(db);
  }
  await sql.raw("drop function if exists audit_events_append_only").execute(db);
}
