import { sql, type Kysely } from "kysely";

// Statements run one by one: the embedded database's extended protocol takes one per query.
const statements = [
  // Case workers (agents, instructeurs) are accounts too, created by platform admins.
  `alter table accounts drop constraint accounts_role_check`,
  `alter table accounts add constraint accounts_role_check check (role in ('applicant', 'platform_admin', 'agent'))`,
  // Which agents process which procedure's requests, in which group (groupes_instructeurs).
  `create table procedure_agents (
    procedure_id uuid not null references procedures (id) on delete cascade,
    account_id uuid not null references accounts (id) on delete cascade,
    group_name text not null default '',
    created_at timestamptz not null,
    primary key (procedure_id, account_id)
  )`,
  // Uploaded files (src/platform/uploads): stored outside the web root under a random key.
  `create table uploads (
    id uuid primary key,
    storage_key text not null unique check (storage_key ~ '^[a-z2-7]{2}/[a-z2-7]{32}$'),
    original_name text not null check (char_length(original_name) between 1 and 150),
    detected_type text not null check (detected_type in ('pdf', 'jpeg', 'png', 'odt', 'ods', 'docx', 'xlsx')),
    size integer not null check (size > 0),
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    created_at timestamptz not null
  )`,
  // A request (dossier, demande) on one version of a procedure. Its status changes only through
  // the state machine (src/core/requests/state-machine.ts), each change in request_events.
  `create table requests (
    id uuid primary key default gen_random_uuid(),
    procedure_id uuid not null references procedures (id),
    procedure_version_id uuid not null references procedure_versions (id),
    applicant_id uuid references accounts (id) on delete set null,
    organisation_id uuid references organisations (id) on delete set null,
    status text not null check (status in ('draft', 'filed', 'in_instruction', 'accepted', 'refused', 'closed', 'abandoned')),
    number text unique check (number ~ '^[A-Z347]{18}$'),
    answers jsonb not null default '{}',
    current_step text,
    applicant_email text,
    assigned_agent_id uuid references accounts (id) on delete set null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    filed_at timestamptz,
    taken_at timestamptz,
    decided_at timestamptz,
    -- A number is given at filing: drafts have none, filed requests all have one.
    check (status <> 'draft' or number is null),
    check (status in ('draft', 'abandoned') or number is not null)
  )`,
  `create index requests_applicant on requests (applicant_id, created_at desc)`,
  `create index requests_procedure_status on requests (procedure_id, status, filed_at desc)`,
  // The documents each step asks for, as provided (one row per file; a replaced file is deleted).
  `create table request_documents (
    id uuid primary key default gen_random_uuid(),
    request_id uuid not null references requests (id) on delete cascade,
    document_id text not null,
    upload_id uuid not null references uploads (id),
    status text not null default 'provided' check (status in ('provided', 'non_conforming')),
    non_conforming_reason text,
    uploaded_by uuid references accounts (id) on delete set null,
    created_at timestamptz not null
  )`,
  `create index request_documents_request on request_documents (request_id, document_id)`,
  // The agents' requests to the applicant: changes to some steps, or documents.
  `create table request_asks (
    id uuid primary key default gen_random_uuid(),
    request_id uuid not null references requests (id) on delete cascade,
    kind text not null check (kind in ('modification', 'documents')),
    message text not null,
    unlocked_steps text[] not null default '{}',
    asked_documents jsonb not null default '[]',
    status text not null default 'open' check (status in ('open', 'answered', 'cancelled')),
    asked_by uuid references accounts (id) on delete set null,
    asked_at timestamptz not null,
    answered_at timestamptz,
    answer jsonb
  )`,
  `create unique index request_asks_one_open on request_asks (request_id, kind) where status = 'open'`,
  // The discussion thread ("fils de discussion"); internal notes are never shown to the applicant.
  `create table request_messages (
    id uuid primary key default gen_random_uuid(),
    request_id uuid not null references requests (id) on delete cascade,
    author_id uuid references accounts (id) on delete set null,
    body text not null check (body <> ''),
    internal boolean not null default false,
    upload_id uuid references uploads (id),
    created_at timestamptz not null
  )`,
  `create index request_messages_request on request_messages (request_id, created_at)`,
  // The history of a request: every transition and every step of the loop, with who, when, why.
  `create table request_events (
    id bigserial primary key,
    request_id uuid not null references requests (id) on delete cascade,
    occurred_at timestamptz not null,
    actor_id uuid references accounts (id) on delete set null,
    event text not null,
    from_status text,
    to_status text,
    reason text,
    visible_to_applicant boolean not null default true,
    details jsonb not null default '{}'
  )`,
  `create index request_events_request on request_events (request_id, occurred_at)`,
  // "Rattacher une demande existante": a code mailed to the request's address proves the person is its applicant.
  `create table request_claims (
    id uuid primary key default gen_random_uuid(),
    request_id uuid not null references requests (id) on delete cascade,
    account_id uuid not null references accounts (id) on delete cascade,
    code_hash text not null,
    attempts integer not null default 0,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["request_claims", "request_events", "request_messages", "request_asks", "request_documents", "requests", "uploads", "procedure_agents"]) {
    await sql.raw(`drop table if exists ${table} cascade`).execute(db);
  }
  await sql.raw("alter table accounts drop constraint accounts_role_check").execute(db);
  await sql.raw("alter table accounts add constraint accounts_role_check check (role in ('applicant', 'platform_admin'))").execute(db);
}
