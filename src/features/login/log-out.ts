import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { closeSession } from "../../platform/sessions/sessions.ts";
import { endPartnerSessionsOfAccount } from "../sso/end-partner-sessions.ts";

/** Se déconnecter: the session ends on the server, not only in the browser, and so do the partner services' sessions. */
export async function logOut(deps: Deps, session: { sessionId: string; accountId: string }, context: { ip: string }) {
  await closeSession(deps, session.sessionId);
  await audit(deps.db, deps.clock, { event: "account.logged_out", accountId: session.accountId, actorId: session.accountId, ip: context.ip });
  await endPartnerSessionsOfAccount(deps, session.accountId);
}
