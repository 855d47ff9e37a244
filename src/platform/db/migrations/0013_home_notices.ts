import { sql, type Kysely } from "kysely";

// The public home page (issue 11): the portal's news and notices written by platform admins,
// and the short presentation text an admin may set in place of the default sentence.
const statements = [
  `create table notices (
    id uuid primary key default gen_random_uuid(),
    title text not null check (length(title) between 1 and 120),
    body text not null check (length(body) between 1 and 2000),
    -- An address on the portal ("/comment-ca-marche") or on the web (https://…).
    link text check (link is null or length(link) <= 500),
    level text not null check (level in ('information', 'important')),
    published boolean not null default false,
    -- Shown from and until these days (Europe/Paris, both included); either may be open.
    shown_from date,
    shown_until date,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    updated_by uuid references accounts (id) on delete set null,
    check (shown_from is null or shown_until is null or shown_from <= shown_until)
  )`,
  `create index notices_published on notices (published, shown_from, shown_until)`,
  // Texts of the portal an admin may change; today only the home page's presentation.
  `create table portal_texts (
    name text primary key check (name in ('presentation')),
    text text not null check (length(text) between 1 and 500),
    updated_at timestamptz not null,
    updated_by uuid references accounts (id) on delete set null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["portal_texts", "notices"]) await sql.raw(`drop table if exists ${table}`).execute(db);
}
