import type { Db } from "../db/database.ts";

export async function insertSession(
  db: Db,
  session: { tokenHash: string; accountId: string; now: Date; expiresAt: Date; ip: string; userAgent: string },
) {
  return db
    .insertInto("sessions")
    .values({
      tokenHash: session.tokenHash,
      accountId: session.accountId,
      createdAt: session.now,
      lastSeenAt: session.now,
      expiresAt: session.expiresAt,
      ip: session.ip,
      userAgent: session.userAgent,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** The session and the account fields every request needs, in one query. */
export async function findSessionWithAccount(db: Db, tokenHash: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("accounts", "accounts.id", "sessions.accountId")
    .select([
      "sessions.id as sessionId",
      "sessions.lastSeenAt",
      "sessions.expiresAt",
      "accounts.id as accountId",
      "accounts.identifier",
      "accounts.firstName",
      "accounts.lastName",
      "accounts.email",
      "accounts.role",
      "accounts.mustChangePassword",
    ])
    .where("sessions.tokenHash", "=", tokenHash)
    .executeTakeFirst();
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
