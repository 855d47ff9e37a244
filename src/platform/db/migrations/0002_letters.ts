import { sql, type Kysely } from "kysely";

// Statements run one by one: the embedded database's extended protocol takes one per query.
const statements = [
  // Postal letters (activation codes, temporary passwords for legal representatives…). The PDF is
  // kept in the row: a letter weighs a few kilobytes (built-in fonts, no images), and keeping it
  // in the database leaves the application processes stateless, backed up with everything else.
  `create table letters (
    id uuid primary key default gen_random_uuid(),
    recipient_name text not null,
    recipient_detail text,
    recipient_complement text,
    recipient_street text not null,
    recipient_distribution text,
    recipient_postal_code text not null,
    recipient_commune text not null,
    recipient_country text,
    subject text not null,
    body jsonb not null,
    reference text,
    status text not null default 'queued' check (status in ('queued', 'generated', 'posted', 'cancelled')),
    pdf bytea,
    provider text,
    provider_reference text,
    attempts integer not null default 0,
    last_error text,
    created_at timestamptz not null,
    generated_at timestamptz,
    posted_at timestamptz,
    posted_by uuid references accounts (id) on delete set null,
    cancelled_at timestamptz,
    cancelled_by uuid references accounts (id) on delete set null,
    check (status <> 'generated' or pdf is not null),
    check (status <> 'posted' or posted_at is not null),
    check (status <> 'cancelled' or cancelled_at is not null)
  )`,
  // The outbox lists one status at a time, newest first.
  `create index letters_status_created on letters (status, created_at desc, id desc)`,
  `create index letters_created on letters (created_at desc, id desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists letters cascade").execute(db);
}
