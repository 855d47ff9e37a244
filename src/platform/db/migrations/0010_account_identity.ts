import { sql, type Kysely } from "kysely";

// The person's civil identity (seed 003: birth date and place, sex, social security number) and
// the FranceConnect link. Written by "Mon compte" or, locked, from FranceConnect's identity pivot.
const statements = [
  // A calendar day, read back as 'YYYY-MM-DD' text by both drivers (see database.ts).
  `alter table accounts add column birth_date date`,
  // INSEE (COG) code of the commune of birth; null when born abroad.
  `alter table accounts add column birth_commune_code text`,
  // INSEE (COG) country code, '99100' for France, as FranceConnect's "birthcountry".
  `alter table accounts add column birth_country_code text`,
  `alter table accounts add column sex text check (sex in ('F', 'M'))`,
  // Numéro d'inscription au répertoire (NIR), 15 characters with its key, no spaces; 2A/2B kept.
  `alter table accounts add column nir text`,
  // Set when names and birth data came from FranceConnect: then they are shown locked.
  `alter table accounts add column identity_verified_at timestamptz`,

  // One FranceConnect identity ("sub", per client) for one account, and one account per identity.
  `create table franceconnect_links (
    account_id uuid primary key references accounts (id) on delete cascade,
    subject text not null unique,
    linked_at timestamptz not null
  )`,
  // Logging out of Guichet ends the FranceConnect session too: end_session needs the id_token.
  `alter table sessions add column franceconnect_id_token text`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("alter table sessions drop column if exists franceconnect_id_token").execute(db);
  await sql.raw("drop table if exists franceconnect_links").execute(db);
  for (const column of ["identity_verified_at", "nir", "sex", "birth_country_code", "birth_commune_code", "birth_date"]) {
    await sql.raw(`alter table accounts drop column if exists ${column}`).execute(db);
  }
}
