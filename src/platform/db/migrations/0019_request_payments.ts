import { sql, type Kysely } from "kysely";

// Payments of granted aid (issue 12, seed 000 "l'avancement de leur paiement"): the amount an
// agent grants on an accepted request, its schedule of payments (an advance, a balance…), and
// the organisation's IBAN the payments go to. Amounts are integer cents.
const statements = [
  `alter table organisations add column iban text`,
  `create table request_grants (
    request_id uuid primary key references requests (id) on delete cascade,
    amount_cents bigint not null check (amount_cents > 0),
    recorded_by uuid references accounts (id) on delete set null,
    recorded_at timestamptz not null
  )`,
  `create table request_payments (
    id uuid primary key default gen_random_uuid(),
    request_id uuid not null references request_grants (request_id) on delete cascade,
    -- Order in the schedule: 1 the advance, 2 the balance…
    position integer not null,
    label text not null,
    amount_cents bigint not null check (amount_cents > 0),
    planned_on date not null,
    -- What the applicant provides first (spending receipts…), free text.
    conditions text not null default '',
    documents_required boolean not null default false,
    -- planned (prévu) → asked (demandé, with documents) → ordered (mandaté) → paid (payé).
    status text not null default 'planned' check (status in ('planned', 'asked', 'ordered', 'paid')),
    asked_at timestamptz,
    ordered_at timestamptz,
    paid_on date,
    created_at timestamptz not null,
    unique (request_id, position)
  )`,
  `create table request_payment_files (
    payment_id uuid not null references request_payments (id) on delete cascade,
    upload_id uuid not null references uploads (id),
    primary key (payment_id, upload_id)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["request_payment_files", "request_payments", "request_grants"]) await sql.raw(`drop table if exists ${table}`).execute(db);
  await sql.raw("alter table organisations drop column if exists iban").execute(db);
}
