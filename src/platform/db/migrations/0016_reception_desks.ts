import { sql, type Kysely } from "kysely";

// Reception desks ("guichets d'accueil"): where people are received in person, loaded by
// platform admins (CSV or pages) and found by commune or postal code, nearest first.
const statements = [
  `create table reception_desks (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    address text not null,
    postal_code text not null,
    -- The commune of the official list (INSEE code; Paris, Lyon and Marseille as the whole city),
    -- with its name and département kept for display and for the search.
    commune_code text not null,
    commune_name text not null,
    departement text not null,
    opening_hours text not null,
    -- E.164 ("+33123456789"), shown in national format.
    phone text,
    -- One service per line.
    services text not null default '',
    -- WGS 84 position of the desk, when known: distances are computed from it.
    latitude double precision,
    longitude double precision,
    -- Loaded by the demonstration data.
    demo boolean not null default false,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint reception_desks_position check ((latitude is null) = (longitude is null)),
    constraint reception_desks_latitude check (latitude between -90 and 90),
    constraint reception_desks_longitude check (longitude between -180 and 180)
  )`,
  `create index reception_desks_by_commune on reception_desks (commune_code)`,
  `create index reception_desks_by_departement on reception_desks (departement)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists reception_desks").execute(db);
}
