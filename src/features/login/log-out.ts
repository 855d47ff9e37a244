import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { closeSession } from "../../platform/sessions/sessions.ts";

/** Se déconnecter: the session ends on the server, not only in the browser. */
export async function logOut(deps: { db: Db; clock: Clock }, session: { sessionId: string; accountId: string }, context: { ip: string }) {
  await closeSession(deps, session.sessionId);
  await audit(deps.db, deps.clock, { event: "account.logged_out", accountId: session.accountId, actorId: session.accountId, ip: context.ip });
}
