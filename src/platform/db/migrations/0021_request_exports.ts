import { sql, type Kysely } from "kysely";

// Issue 15: case workers' exports of a procedure's requests (CSV, XLSX, ODS). Every export is
// recorded, the small ones sent at once too, so that "since my last export" knows when the
// author's previous one was made; a large one is written by a job to <DATA_DIR>/exports and kept
// until expires_at (then purged, the row kept with status 'expired').
const statements = [
  `create table request_exports (
    id uuid primary key default gen_random_uuid(),
    procedure_id uuid not null references procedures (id) on delete cascade,
    author_id uuid not null references accounts (id) on delete cascade,
    format text not null check (format in ('csv', 'xlsx', 'ods')),
    -- The list's filters as its address holds them (statut, recherche) and the "since" instant.
    status_filter text not null,
    search text not null default '',
    since timestamptz,
    -- delivered: sent at once; queued → running → ready (file kept) → expired (file purged); failed.
    status text not null check (status in ('delivered', 'queued', 'running', 'ready', 'failed', 'expired')),
    rows_expected integer not null default 0,
    rows_written integer not null default 0,
    -- Random name of the file under <DATA_DIR>/exports (never the user's words).
    storage_key text check (storage_key ~ '^[a-z2-7]{32}$'),
    size bigint,
    created_at timestamptz not null,
    finished_at timestamptz,
    expires_at timestamptz
  )`,
  `create index request_exports_author on request_exports (author_id, procedure_id, created_at desc)`,
  `create index request_exports_expiry on request_exports (expires_at) where status = 'ready'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists request_exports").execute(db);
}
