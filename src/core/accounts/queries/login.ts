import { sql } from "kysely";
import { compiledOnce } from "../../../platform/db/compiled-once.ts";
import type { Db } from "../../../platform/db/database.ts";

export async function findThrottles(db: Db, keys: string[]) {
  // Guard against an empty IN (): callers always pass keys, but the query must stay valid.
  if (keys.length === 0) return [];
  return db.selectFrom("throttles").selectAll().where("key", "in", keys).execute();
}

export async function saveThrottle(db: Db, throttle: { key: string; failures: number; lastFailureAt: Date; blockedUntil: Date | null; notifiedAt: Date | null }) {
  await db
    .insertInto("throttles")
    .values(throttle)
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: throttle.failures,
        lastFailureAt: throttle.lastFailureAt,
        blockedUntil: throttle.blockedUntil,
        notifiedAt: throttle.notifiedAt,
      }),
    )
    .execute();
}

export async function deleteThrottle(db: Db, key: string) {
  await db.deleteFrom("throttles").where("key", "=", key).execute();
}

export interface ThrottleRow {
  key: string;
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

interface LoginCandidateRow {
  id: string | null;
  email: string | null;
  civility: string | null;
  lastName: string | null;
  passwordHash: string | null;
  status: string | null;
  mustChangePassword: boolean | null;
  temporaryPasswordExpiresAt: Date | null;
  kind: string | null;
  replacedPostalPasswordHash: string | null;
  role: string | null;
  throttles: { key: string; failures: number; lastFailureAt: string; blockedUntil: string | null }[];
}

// Every login runs it: compiled once (platform/db/compiled-once.ts).
const loginCandidate = compiledOnce(3, (db: Db, normalizedLogin: string, loginKey: string, ipKey: string) => sql<LoginCandidateRow>`
    select a.id, a.email, a.civility, a.last_name, a.password_hash, a.status, a.must_change_password,
      a.temporary_password_expires_at, a.kind, a.replaced_postal_password_hash, a.role,
      (select coalesce(json_agg(json_build_object('key', t.key, 'failures', t.failures,
                'lastFailureAt', t.last_failure_at, 'blockedUntil', t.blocked_until)), '[]')
         from throttles t where t.key in (${loginKey}, ${ipKey})) as throttles
    from (values (1)) as one
    left join lateral (
      select * from accounts where lower(identifier) = ${normalizedLogin}
      union all
      select * from accounts where lower(email) = ${normalizedLogin}
      limit 1) a on true`);

/**
 * What a login attempt needs before checking the password — the account matching the login
 * (if any) and the throttle rows of its keys — in one round trip: on this hot path each
 * database round trip costs about as much processor time as the rest of the request. The
 * identifier first, then the address (an identifier never holds an @, an address always does):
 * two index lookups, the second skipped when the first finds, cost PostgreSQL 30 % less than one
 * lookup by `identifier or email`, which combined both indexes' bitmaps (issue 14).
 */
export async function findLoginCandidate(db: Db, normalizedLogin: string, keys: [string, string]) {
  const rows = await loginCandidate(db, normalizedLogin, keys[0], keys[1]);
  const row = rows[0];
  const throttles: ThrottleRow[] = (row?.throttles ?? []).map((t) => ({
    key: t.key,
    failures: t.failures,
    lastFailureAt: new Date(t.lastFailureAt),
    blockedUntil: t.blockedUntil ? new Date(t.blockedUntil) : null,
  }));
  const account =
    row?.id && row.email && row.passwordHash
      ? {
          id: row.id,
          email: row.email,
          civility: row.civility ?? "",
          lastName: row.lastName ?? "",
          passwordHash: row.passwordHash,
          status: row.status,
          mustChangePassword: row.mustChangePassword === true,
          temporaryPasswordExpiresAt: row.temporaryPasswordExpiresAt,
          kind: row.kind === "partner" ? ("partner" as const) : ("person" as const),
          replacedPostalPasswordHash: row.replacedPostalPasswordHash,
          // Where the login lands (issue 15: agents on /instruction, platform admins on /administration).
          role: row.role ?? "applicant",
        }
      : null;
  return { account, throttles };
}

/** Until when a throttle key is blocked, if it is. */
export async function findThrottleBlockedUntil(db: Db, key: string): Promise<Date | null> {
  const row = await db.selectFrom("throttles").select("blockedUntil").where("key", "=", key).executeTakeFirst();
  return row?.blockedUntil ?? null;
}

/**
 * Counts one failure for a key in one statement (no read-then-write race): the count restarts when
 * the last failure is older than the window, and the key is blocked until `blockUntil` once
 * `maxFailures` are reached within it.
 */
export async function countFailureInWindow(db: Db, input: { key: string; now: Date; windowStart: Date; blockUntil: Date; maxFailures: number }) {
  const { key, now, windowStart, blockUntil, maxFailures } = input;
  await sql`
    insert into throttles (key, failures, last_failure_at, blocked_until)
    values (${key}, 1, ${now}, null)
    on conflict (key) do update set
      failures = case when throttles.last_failure_at < ${windowStart} then 1 else throttles.failures + 1 end,
      last_failure_at = ${now},
      blocked_until = case when throttles.last_failure_at >= ${windowStart} and throttles.failures + 1 >= ${maxFailures}
        then ${blockUntil}::timestamptz else null end`.execute(db);
}
