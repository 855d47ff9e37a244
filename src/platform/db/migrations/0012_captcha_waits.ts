import { sql, type Kysely } from "kysely";

// The captcha's plain-HTML path (no JavaScript): a signed "short wait" token is accepted once,
// and only a few times per hour from one address (platform/captcha/wait-token.ts).
const statements = [
  `create table captcha_waits (
    -- The token's signature: a token is presented once.
    signature text primary key,
    -- The visitor's address the token was issued to: presentations are counted per address.
    ip text not null,
    presented_at timestamptz not null,
    -- Forgotten after this: when the token has expired and its presentation left the hourly count.
    expires_at timestamptz not null
  )`,
  `create index captcha_waits_by_ip on captcha_waits (ip, presented_at)`,
  `create index captcha_waits_expiry on captcha_waits (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists captcha_waits").execute(db);
}
