import { sql, type Kysely } from "kysely";

// Statements run one by one: the embedded database's extended protocol takes one per query.
const statements = [
  // The portal's record of an organisation (seed 000 "Mes informations"). Created when its first
  // member attaches to it, from the operator's register, then edited by its members.
  `create table organisations (
    id uuid primary key default gen_random_uuid(),
    register_id uuid unique references organisations_register (id),
    client_number text unique,
    siret text not null check (siret ~ '^[0-9]{14}$'),
    siren text not null check (siren = left(siret, 9)),
    name text not null check (name <> ''),
    entity_type text,
    naf_code text check (naf_code ~ '^[0-9]{2}\\.[0-9]{2}[A-Z]$'),
    legal_form_code text check (legal_form_code ~ '^[0-9]{4}$'),
    rna text check (rna ~ '^W[0-9][0-9A-Z][0-9]{7}$'),
    phone text,
    mobile text,
    fax text,
    email text,
    website text,
    address_recipient text,
    address_building text,
    address_street text not null,
    address_distribution text,
    postal_code text not null,
    commune_insee_code text,
    commune_name text not null,
    country text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    updated_by uuid references accounts (id) on delete set null
  )`,
  `create index organisations_siret on organisations (siret)`,
  // "Représentants" of seed 000, one of them flagged as the legal representative.
  `create table organisation_representatives (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisations (id) on delete cascade,
    civility text not null check (civility in ('M.', 'Mme')),
    last_name text not null check (last_name <> ''),
    first_name text not null check (first_name <> ''),
    function text not null check (function <> ''),
    is_legal_representative boolean not null default false,
    address_recipient text,
    address_building text,
    address_street text,
    address_distribution text,
    postal_code text,
    commune_insee_code text,
    commune_name text,
    country text,
    phone text,
    mobile text,
    fax text,
    email text,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  `create index organisation_representatives_organisation on organisation_representatives (organisation_id)`,
  // A person's link to an organisation, with their contact details and function within it
  // (seed 001 "Modification des informations au sein de la structure").
  `create table memberships (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisations (id) on delete cascade,
    account_id uuid not null references accounts (id) on delete cascade,
    status text not null check (status in ('pending', 'active', 'refused', 'deactivated')),
    is_admin boolean not null default false,
    phone text,
    email text,
    function text,
    created_at timestamptz not null,
    decided_at timestamptz,
    decided_by uuid references accounts (id) on delete set null,
    unique (organisation_id, account_id),
    check (not is_admin or status = 'active')
  )`,
  `create index memberships_account on memberships (account_id)`,
  `create index memberships_admins on memberships (organisation_id) where is_admin`,
  // Codes sent by post to the legal representative to make a member the administrator. Stored as
  // SHA-256; one live code per (organisation, account): a new request cancels the previous one.
  `create table admin_activation_codes (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisations (id) on delete cascade,
    account_id uuid not null references accounts (id) on delete cascade,
    code_hash text not null,
    letter_id uuid not null references letters (id),
    attempts integer not null default 0,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    cancelled_at timestamptz
  )`,
  `create unique index admin_activation_codes_live on admin_activation_codes (organisation_id, account_id)
    where used_at is null and cancelled_at is null`,
  // Sessions remember which of the person's organisations they act for.
  `alter table sessions add column current_organisation_id uuid references organisations (id) on delete set null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("alter table sessions drop column if exists current_organisation_id").execute(db);
  for (const table of ["admin_activation_codes", "memberships", "organisation_representatives", "organisations"]) {
    await sql.raw(`drop table if exists ${table} cascade`).execute(db);
  }
}
