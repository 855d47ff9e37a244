import { sql } from "kysely";
import type { Db } from "../db/database.ts";
import type { AccountRole, Civility, MembershipStatus } from "../db/schema.ts";
import { compiledOnce } from "../db/compiled-once.ts";

type NewSession = { tokenHash: string; accountId: string; now: Date; expiresAt: Date; ip: string; userAgent: string; franceconnectIdToken?: string | null };

const sessionRow = (session: NewSession) => ({
  tokenHash: session.tokenHash,
  accountId: session.accountId,
  createdAt: session.now,
  lastSeenAt: session.now,
  expiresAt: session.expiresAt,
  ip: session.ip,
  userAgent: session.userAgent,
  franceconnectIdToken: session.franceconnectIdToken ?? null,
  currentOrganisationId: sql<string | null>`(${firstOrganisationOf(session.accountId)})`,
});

/** A new session acts for the person's oldest organisation (they switch on "Gérer mes structures"). */
const firstOrganisationOf = (accountId: string) =>
  sql`select organisation_id from memberships where account_id = ${accountId} and status in ('pending', 'active') order by created_at limit 1`;

export async function insertSession(db: Db, session: NewSession) {
  return db.insertInto("sessions").values(sessionRow(session)).returning("id").executeTakeFirstOrThrow();
}

// Every login runs it: compiled once (platform/db/compiled-once.ts).
const sessionWithAuditEvent = compiledOnce(
  10,
  (db: Db, tokenHash: string, accountId: string, now: Date, expiresAt: Date, ip: string, userAgent: string, idToken: string | null, event: string, eventIp: string | null, details: string) => sql`
    with session as (
      insert into sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ip, user_agent, franceconnect_id_token, current_organisation_id)
      values (${tokenHash}, ${accountId}, ${now}, ${now}, ${expiresAt}, ${ip}, ${userAgent}, ${idToken}, (${firstOrganisationOf(accountId)}))
      returning account_id
    )
    insert into audit_events (occurred_at, event, account_id, actor_id, ip, details)
    select ${now}::timestamptz, ${event}, account_id, account_id, ${eventIp}, ${details}::jsonb
    from session`,
);

/**
 * The session and the audit event of a login in one statement: atomic like a transaction, but
 * one round trip to the database instead of four (BEGIN, two INSERTs, COMMIT) on the hottest path.
 */
export async function insertSessionWithAuditEvent(
  db: Db,
  session: NewSession,
  event: { event: string; ip: string | null; details: Record<string, unknown> },
) {
  const { tokenHash, accountId, now, expiresAt, ip, userAgent } = session;
  await sessionWithAuditEvent(db, tokenHash, accountId, now, expiresAt, ip, userAgent, session.franceconnectIdToken ?? null, event.event, event.ip, JSON.stringify(event.details));
}

/** The person behind a session and the organisation they act for (null when none, or no longer a member). */
export interface SessionPerson {
  accountId: string;
  identifier: string;
  civility: Civility;
  firstName: string;
  lastName: string;
  email: string;
  role: AccountRole;
  mustChangePassword: boolean;
  /** Whether the dashboard kept in memory still shows the truth (ui/kept-pages.ts, migration 0029). */
  dashboardVersion: number;
  currentOrganisationId: string | null;
  currentOrganisationName: string | null;
  membershipStatus: MembershipStatus | null;
  isOrganisationAdmin: boolean | null;
}

// Every page asks for it: compiled once (platform/db/compiled-once.ts). The person and the
// organisation come as one JSON text, parsed natively, rather than as thirteen columns each
// converted and renamed by the driver and Kysely: that was 6 % of a kept dashboard's server time
// (issue 14). The text itself is the kept pages' stamp of what the session read.
const sessionWithAccount = compiledOnce(1, (db: Db, tokenHash: string) =>
  db
    .selectFrom("sessions")
    .innerJoin("accounts", "accounts.id", "sessions.accountId")
    // The organisation the person acts for, while they still belong to it (pending or active).
    .leftJoin("memberships", (join) =>
      join
        .onRef("memberships.organisationId", "=", "sessions.currentOrganisationId")
        .onRef("memberships.accountId", "=", "sessions.accountId")
        .on("memberships.status", "in", ["pending", "active"]),
    )
    .leftJoin("organisations", "organisations.id", "memberships.organisationId")
    .select([
      "sessions.id as sessionId",
      "sessions.lastSeenAt",
      "sessions.expiresAt",
      sql<string>`json_build_object(
        'accountId', accounts.id, 'identifier', accounts.identifier, 'civility', accounts.civility,
        'firstName', accounts.first_name, 'lastName', accounts.last_name, 'email', accounts.email,
        'role', accounts.role, 'mustChangePassword', accounts.must_change_password,
        'dashboardVersion', accounts.dashboard_version,
        'currentOrganisationId', organisations.id, 'currentOrganisationName', organisations.name,
        'membershipStatus', memberships.status, 'isOrganisationAdmin', memberships.is_admin)::text`.as("personAsRead"),
    ])
    .where("sessions.tokenHash", "=", tokenHash),
);

/**
 * The session, the person (what the pages greet and mail them with) and the organisation they act
 * for, in one query: no page reads them again. `personAsRead` is the person and organisation as
 * the database wrote them: the same text as long as none of them changed.
 */
export async function findSessionWithAccount(db: Db, tokenHash: string) {
  const row = (await sessionWithAccount(db, tokenHash))[0];
  if (!row) return undefined;
  const person = JSON.parse(row.personAsRead) as SessionPerson;
  return { sessionId: row.sessionId, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt, ...person, personAsRead: row.personAsRead };
}

/** The id_token of the FranceConnect login behind a session (null: none), for end_session at logout. */
export async function findFranceConnectIdToken(db: Db, sessionId: string): Promise<string | null> {
  const row = await db.selectFrom("sessions").select("franceconnectIdToken").where("id", "=", sessionId).executeTakeFirst();
  return row?.franceconnectIdToken ?? null;
}

/** A signed-in person linked FranceConnect: their logout ends that FranceConnect session too. */
export async function setFranceConnectIdToken(db: Db, sessionId: string, idToken: string) {
  await db.updateTable("sessions").set({ franceconnectIdToken: idToken }).where("id", "=", sessionId).execute();
}

export async function touchSession(db: Db, sessionId: string, now: Date) {
  await db.updateTable("sessions").set({ lastSeenAt: now }).where("id", "=", sessionId).execute();
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function deleteSessionsOfAccount(db: Db, accountId: string, exceptSessionId?: string) {
  let query = db.deleteFrom("sessions").where("accountId", "=", accountId);
  if (exceptSessionId) query = query.where("id", "<>", exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSessionsOfAccount(db: Db, accountId: string, idleSince: Date, now: Date) {
  return db
    .selectFrom("sessions")
    .select(["id", "createdAt", "lastSeenAt", "ip", "userAgent"])
    .where("accountId", "=", accountId)
    .where("lastSeenAt", ">", idleSince)
    .where("expiresAt", ">", now)
    .orderBy("lastSeenAt", "desc")
    .execute();
}

export async function deleteExpiredSessions(db: Db, idleSince: Date, now: Date) {
  await db.deleteFrom("sessions").where((eb) => eb.or([eb("lastSeenAt", "<=", idleSince), eb("expiresAt", "<=", now)])).execute();
}

/** Makes an organisation the one the session acts for ("changer de structure"); null for none. */
export async function setCurrentOrganisation(db: Db, sessionId: string, organisationId: string | null) {
  await db.updateTable("sessions").set({ currentOrganisationId: organisationId }).where("id", "=", sessionId).execute();
}

/** Sessions of a person acting for an organisation they left act for none. */
export async function stopActingFor(db: Db, accountId: string, organisationId: string) {
  await db.updateTable("sessions").set({ currentOrganisationId: null }).where("accountId", "=", accountId).where("currentOrganisationId", "=", organisationId).execute();
}
