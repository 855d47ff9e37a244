import { sql, type Kysely } from "kysely";

// The public REST API and its signed webhooks (issue 15): partners (a partner's system, named by a
// platform admin), their tokens (SHA-256 stored, scopes, expiry, revocation), the accounts' grants
// to a partner (consent given in Mon compte: the partner may create and file requests for them),
// the partner's webhook subscription, and each delivery with its attempts.
const statements = [
  `create table api_partners (
    id uuid primary key default gen_random_uuid(),
    name text not null unique,
    webhook_url text,
    -- Standard Webhooks secret ("whsec_" + base64), kept as given: the signature needs it.
    webhook_secret text not null,
    webhook_events text[] not null default '{}',
    created_by uuid references accounts (id) on delete set null,
    created_at timestamptz not null
  )`,
  `create table api_tokens (
    id uuid primary key default gen_random_uuid(),
    partner_id uuid not null references api_partners (id) on delete cascade,
    label text not null,
    token_hash text not null unique,
    -- The first characters of the token, shown in the admin pages to recognise it.
    prefix text not null,
    scopes text[] not null,
    expires_at timestamptz not null,
    revoked_at timestamptz,
    created_by uuid references accounts (id) on delete set null,
    created_at timestamptz not null,
    last_used_at timestamptz
  )`,
  `create index api_tokens_partner on api_tokens (partner_id)`,
  `create table api_grants (
    account_id uuid not null references accounts (id) on delete cascade,
    partner_id uuid not null references api_partners (id) on delete cascade,
    granted_at timestamptz not null,
    primary key (account_id, partner_id)
  )`,
  `create table webhook_deliveries (
    id uuid primary key default gen_random_uuid(),
    partner_id uuid not null references api_partners (id) on delete cascade,
    event_type text not null,
    -- The exact bytes signed and sent (JSON text), so a re-sending sends the same body.
    body text not null,
    status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts integer not null default 0,
    created_at timestamptz not null,
    delivered_at timestamptz
  )`,
  `create index webhook_deliveries_partner on webhook_deliveries (partner_id, created_at desc)`,
  `create table webhook_attempts (
    id uuid primary key default gen_random_uuid(),
    delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
    attempted_at timestamptz not null,
    status_code integer,
    error text,
    duration_ms integer not null
  )`,
  `create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempted_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["webhook_attempts", "webhook_deliveries", "api_grants", "api_tokens", "api_partners"]) await sql.raw(`drop table if exists ${table}`).execute(db);
}
