import { sql, type Kysely } from "kysely";

// Social housing (seed 003): the operator's yearly income ceilings and housing stock per commune,
// read by "Suis-je éligible ?" and "Offres par commune". Each load replaces what it covers in one
// transaction: a year's ceilings, or the whole stock.
const statements = [
  `create table housing_ceiling_tables (
    -- The year the ceilings apply in (N); they are compared with the income of year N-2.
    year integer primary key check (year between 2000 and 2100),
    -- Demo figures are shown as such on the pages.
    demo boolean not null default false,
    file_name text,
    loaded_by uuid references accounts (id) on delete set null,
    loaded_at timestamptz not null
  )`,
  `create table housing_ceilings (
    year integer not null references housing_ceiling_tables (year) on delete cascade,
    financing text not null check (financing in ('PLAI', 'PLUS', 'PLS')),
    zone text not null check (zone in ('paris', 'ile-de-france', 'autres-regions')),
    -- Yearly taxable income ceilings in whole euros, for household categories 1 to 6.
    category1 integer not null check (category1 > 0),
    category2 integer not null check (category2 > 0),
    category3 integer not null check (category3 > 0),
    category4 integer not null check (category4 > 0),
    category5 integer not null check (category5 > 0),
    category6 integer not null check (category6 > 0),
    -- Added to category 6 for each person beyond it.
    per_additional_person integer not null check (per_additional_person > 0),
    primary key (year, financing, zone)
  )`,
  `create table housing_stock_loads (
    id uuid primary key default gen_random_uuid(),
    demo boolean not null default false,
    file_name text,
    row_count integer not null,
    loaded_by uuid references accounts (id) on delete set null,
    loaded_at timestamptz not null
  )`,
  `create index housing_stock_loads_by_date on housing_stock_loads (loaded_at desc)`,
  `create table housing_stock (
    -- INSEE code of today's commune (Paris, Lyon, Marseille as a whole, not by arrondissement).
    commune_code text primary key,
    commune_name text not null,
    dwellings_t1 integer not null check (dwellings_t1 >= 0),
    dwellings_t2 integer not null check (dwellings_t2 >= 0),
    dwellings_t3 integer not null check (dwellings_t3 >= 0),
    dwellings_t4 integer not null check (dwellings_t4 >= 0),
    -- T5 and larger.
    dwellings_t5 integer not null check (dwellings_t5 >= 0),
    pending_requests integer not null check (pending_requests >= 0),
    -- Tenths of a month ("14,5 mois" is 145): exact, and read as a number by both drivers.
    average_wait_tenths integer not null check (average_wait_tenths >= 0)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["housing_stock", "housing_stock_loads", "housing_ceilings", "housing_ceiling_tables"]) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}
