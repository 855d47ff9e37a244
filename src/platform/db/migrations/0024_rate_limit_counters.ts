import { sql, type Kysely } from "kysely";

// The per-IP ceiling (@fastify/rate-limit) counted in PostgreSQL, so that every process of the
// portal sees the same count (platform/rate-limit). Unlogged: a flood guard's counts need no
// write-ahead log, and losing them in a crash only restarts the minute.
const statements = [
  `create unlogged table rate_limit_counters (
    -- "<address>" for the global ceiling, or "<method><route>-<address>" for a route's own.
    key text primary key,
    hits integer not null check (hits > 0),
    -- The window's end, by the database's clock: the same for every process.
    resets_at timestamptz not null
  )`,
  `create index rate_limit_counters_expiry on rate_limit_counters (resets_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists rate_limit_counters").execute(db);
}
