import type { Clock } from "../clock.ts";
import { HOUR, MINUTE } from "../clock.ts";
import type { AuditEvent } from "../audit.ts";
import type { Db } from "../db/database.ts";
import { generateToken, hashToken } from "../security/tokens.ts";
import { countLogin } from "../metrics.ts";
import { keepSession, keptSession, sessionsGeneration } from "./kept-sessions.ts";
import * as queries from "./queries.ts";

/** DESIGN.md: idle 30 minutes, absolute 12 hours. */
export const SESSION_IDLE_MS = 30 * MINUTE;
export const SESSION_ABSOLUTE_MS = 12 * HOUR;
// Writing last_seen_at on every request would cost a write per page; a minute's precision is enough.
// A session is also kept in memory for that minute (kept-sessions.ts).
export const TOUCH_EVERY_MS = MINUTE;

export type CurrentSession = NonNullable<Awaited<ReturnType<typeof findCurrentSession>>>;

/** Opens a new session (a new token at every login, so a planted cookie is useless). Returns the cookie value. */
export async function openSession(
  deps: { db: Db; clock: Clock },
  input: { accountId: string; ip: string; userAgent: string; /** A FranceConnect login's id_token, for its end_session at logout. */ franceconnectIdToken?: string },
  /** The login's audit event, written in the same statement as the session. */
  auditEvent?: AuditEvent,
): Promise<string> {
  const token = generateToken();
  const now = deps.clock.now();
  const session = {
    tokenHash: hashToken(token),
    accountId: input.accountId,
    now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    ip: input.ip,
    userAgent: input.userAgent.slice(0, 300),
    franceconnectIdToken: input.franceconnectIdToken ?? null,
  };
  if (auditEvent) await queries.insertSessionWithAuditEvent(deps.db, session, { event: auditEvent, ip: input.ip, details: {} });
  else await queries.insertSession(deps.db, session);
  if (auditEvent?.endsWith(".login_succeeded")) countLogin("success");
  return token;
}

type SessionAsRead = NonNullable<Awaited<ReturnType<typeof queries.findSessionWithAccount>>>;

/**
 * The live session for a cookie value, or null when unknown, idle too long or past its absolute
 * end. Kept in memory for the minute after it was last seen (kept-sessions.ts), read otherwise.
 */
export async function findCurrentSession(deps: { db: Db; clock: Clock }, token: string) {
  const tokenHash = hashToken(token);
  const now = deps.clock.now();
  const kept = keptSession<SessionAsRead>(deps.db, tokenHash, now);
  if (kept) return kept;
  const generation = sessionsGeneration(deps.db);
  const session = await queries.findSessionWithAccount(deps.db, tokenHash);
  if (!session) return null;
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS) {
    await queries.deleteSession(deps.db, session.sessionId);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await queries.touchSession(deps.db, session.sessionId, now);
    session.lastSeenAt = now;
  }
  keepSession(deps.db, tokenHash, session, generation);
  return session;
}

export async function closeSession(deps: { db: Db }, sessionId: string) {
  await queries.deleteSession(deps.db, sessionId);
}

/** Ends every session of an account (password reset), or all but the current one. */
export async function closeSessionsOfAccount(deps: { db: Db }, accountId: string, exceptSessionId?: string) {
  return queries.deleteSessionsOfAccount(deps.db, accountId, exceptSessionId);
}

export async function listActiveSessions(deps: { db: Db; clock: Clock }, accountId: string) {
  const now = deps.clock.now();
  return queries.listSessionsOfAccount(deps.db, accountId, new Date(now.getTime() - SESSION_IDLE_MS), now);
}
