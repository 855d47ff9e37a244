import { sql, type Kysely } from "kysely";

// Partner accounts (seed 004, "Mon Compte Partenaire" for landlords): created by an operator,
// identified by a generated LOG identifier (in accounts.identifier), known by the user number
// printed on the operator's letters, reached by post at the address on record.
const statements = [
  `alter table accounts add column kind text not null default 'person' check (kind in ('person', 'partner'))`,
  // The "numéro utilisateur": capitals and digits, no separators (partner-identifier.ts).
  `alter table accounts add column user_number text`,
  `create unique index accounts_user_number_key on accounts (user_number) where user_number is not null`,
  // The postal address on record, in the lines of NF Z10-011 (line 1 is the person's name).
  `alter table accounts add column postal_detail text`,
  `alter table accounts add column postal_complement text`,
  `alter table accounts add column postal_street text`,
  `alter table accounts add column postal_distribution text`,
  `alter table accounts add column postal_code text`,
  `alter table accounts add column postal_commune text`,
  // Null means France.
  `alter table accounts add column postal_country text`,
  // The letter carrying the temporary password now valid: a newer one cancels it if still unposted.
  `alter table accounts add column postal_password_letter_id uuid references letters (id) on delete set null`,
  // The temporary password that letter replaced (Argon2id hash): typed at login, it is explained, not just refused.
  `alter table accounts add column replaced_postal_password_hash text`,
  `alter table accounts add constraint accounts_partner_fields check (
    kind <> 'partner' or (user_number is not null and postal_street is not null and postal_code is not null and postal_commune is not null)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("alter table accounts drop constraint if exists accounts_partner_fields").execute(db);
  for (const column of ["replaced_postal_password_hash", "postal_password_letter_id", "postal_country", "postal_commune", "postal_code", "postal_distribution", "postal_street", "postal_complement", "postal_detail", "user_number", "kind"]) {
    await sql.raw(`alter table accounts drop column if exists ${column}`).execute(db);
  }
}
