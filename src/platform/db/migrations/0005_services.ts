import { sql, type Kysely } from "kysely";

// Statements run one by one: the embedded database's extended protocol takes one per query.
const statements = [
  // The catalogue of services ("Voir tous les services"), defined by platform admins.
  `create table services (
    id uuid primary key default gen_random_uuid(),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name text not null check (name <> ''),
    tile_label text not null check (tile_label <> ''),
    description text not null,
    url text not null check (url ~ '^https?://'),
    requires_organisation boolean not null default false,
    requires_function boolean not null default false,
    granted_by text not null check (granted_by in ('automatic', 'organisation_admin', 'platform_admin')),
    terms_text text not null default '',
    terms_version integer not null default 1 check (terms_version >= 1),
    terms_updated_at timestamptz not null,
    active boolean not null default true,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (granted_by <> 'organisation_admin' or requires_organisation),
    check (not requires_function or requires_organisation)
  )`,
  // Access grants (habilitations): one per person, service and organisation (none for services
  // that need no organisation).
  `create table grants (
    id uuid primary key default gen_random_uuid(),
    service_id uuid not null references services (id) on delete cascade,
    account_id uuid not null references accounts (id) on delete cascade,
    organisation_id uuid references organisations (id) on delete cascade,
    status text not null check (status in ('pending', 'granted', 'refused', 'revoked')),
    requested_at timestamptz not null,
    decided_at timestamptz,
    decided_by uuid references accounts (id) on delete set null,
    reason text
  )`,
  `create unique index grants_one_per_context on grants
    (service_id, account_id, coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
  `create index grants_account on grants (account_id)`,
  `create index grants_organisation_pending on grants (organisation_id) where status = 'pending'`,
  // Which version of a service's terms each person accepted, and when.
  `create table terms_acceptances (
    account_id uuid not null references accounts (id) on delete cascade,
    service_id uuid not null references services (id) on delete cascade,
    terms_version integer not null,
    accepted_at timestamptz not null,
    primary key (account_id, service_id, terms_version)
  )`,
  // Partner services' OpenID Connect clients, registered by platform admins.
  `create table oidc_clients (
    client_id text primary key,
    client_secret text not null,
    name text not null check (name <> ''),
    service_id uuid not null references services (id) on delete cascade,
    redirect_uris text[] not null,
    post_logout_redirect_uris text[] not null default '{}',
    backchannel_logout_uri text,
    created_at timestamptz not null,
    created_by uuid references accounts (id) on delete set null
  )`,
  // oidc-provider's own records (sessions, codes, grants, tokens), one table for every model.
  `create table oidc_payloads (
    id text not null,
    type text not null,
    payload jsonb not null,
    grant_id text,
    user_code text,
    uid text,
    account_id text,
    expires_at timestamptz,
    consumed_at timestamptz,
    primary key (type, id)
  )`,
  `create index oidc_payloads_grant on oidc_payloads (grant_id)`,
  `create index oidc_payloads_uid on oidc_payloads (uid)`,
  `create index oidc_payloads_account on oidc_payloads (account_id) where type = 'Session'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["oidc_payloads", "oidc_clients", "terms_acceptances", "grants", "services"]) {
    await sql.raw(`drop table if exists ${table} cascade`).execute(db);
  }
}
