import { sql, type Kysely } from "kysely";

// Statements run one by one: the embedded database's extended protocol takes one per query.
const statements = [
  // A procedure (démarche), identified by its slug from one version to the next. Its status says
  // whether people may file: draft (never published), published, closed (no new request).
  `create table procedures (
    id uuid primary key default gen_random_uuid(),
    slug text not null unique check (slug ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
    status text not null default 'draft' check (status in ('draft', 'published', 'closed')),
    current_version_id uuid,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    published_at timestamptz,
    closed_at timestamptz,
    check (status = 'draft' or current_version_id is not null)
  )`,
  // Each loaded definition, never altered afterwards: requests point to the version they were
  // filed under. The checksum makes reloading an unchanged file a no-op.
  `create table procedure_versions (
    id uuid primary key default gen_random_uuid(),
    procedure_id uuid not null references procedures (id) on delete cascade,
    number integer not null check (number >= 1),
    definition jsonb not null,
    checksum text not null check (checksum ~ '^[0-9a-f]{64}$'),
    source_file text not null,
    loaded_at timestamptz not null,
    loaded_by uuid references accounts (id) on delete set null,
    unique (procedure_id, number),
    unique (procedure_id, checksum)
  )`,
  `alter table procedures add constraint procedures_current_version_fk
    foreign key (current_version_id) references procedure_versions (id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["procedure_versions", "procedures"]) await sql.raw(`drop table if exists ${table} cascade`).execute(db);
}
