import { sql, type Kysely } from "kysely";

// Statements run one by one: the embedded database's extended protocol takes one per query.
const statements = [
  // The operator's register of the organisations it knows (its clients), imported from CSV by a
  // platform admin. An organisation attaches itself to the portal by its client number or SIRET
  // and the letters for its legal representative go to the address here.
  `create table organisations_register (
    id uuid primary key default gen_random_uuid(),
    client_number text not null unique check (client_number ~ '^[1-9][0-9]{0,19}$'),
    client_number_as_typed text not null,
    siret text not null check (siret ~ '^[0-9]{14}$'),
    siren text not null check (siren = left(siret, 9)),
    name text not null check (name <> ''),
    legal_representative text not null check (legal_representative <> ''),
    address_line text not null check (address_line <> ''),
    postal_code text not null check (postal_code ~ '^[0-9]{5}$'),
    commune_insee_code text,
    commune_name text not null check (commune_name <> ''),
    created_at timestamptz not null,
    imported_at timestamptz not null,
    import_batch_id uuid not null
  )`,
  // Not unique: one establishment may be the operator's client under several numbers.
  `create index organisations_register_siret on organisations_register (siret)`,
  `create index organisations_register_siren on organisations_register (siren)`,
  `create index organisations_register_name on organisations_register (lower(name), client_number)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists organisations_register cascade").execute(db);
}
