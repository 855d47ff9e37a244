import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { closeSessionsOfAccount } from "../../platform/sessions/sessions.ts";

/** Fermer mes autres sessions: every session of the account but this one ends. Returns how many. */
export async function endOtherSessions(deps: { db: Db; clock: Clock }, session: { accountId: string; sessionId: string }, context: { ip: string }) {
  return deps.db.transaction().execute(async (db) => {
    const closed = await closeSessionsOfAccount({ db }, session.accountId, session.sessionId);
    await audit(db, deps.clock, {
      event: "account.sessions_revoked",
      accountId: session.accountId,
      actorId: session.accountId,
      ip: context.ip,
      details: { closed },
    });
    return closed;
  });
}
