import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { closeSession } from "../../platform/sessions/sessions.ts";

/** What else ends with a person's session (the partner services' sessions: src/features/sso), declared in features/index.ts. */
export type LogoutHook = (deps: Deps, accountId: string) => Promise<void>;

/**
 * Where the browser goes after the logout instead of the home page, read before the session
 * closes (FranceConnect's end_session: src/features/franceconnect); undefined for the home page.
 */
export type LogoutExit = (deps: Deps, session: { sessionId: string; accountId: string }) => Promise<string | undefined>;

/** Se déconnecter: the session ends on the server, not only in the browser, and so do the partner services' sessions. */
export async function logOut(deps: Deps, session: { sessionId: string; accountId: string }, context: { ip: string }, hooks: readonly LogoutHook[]) {
  await closeSession(deps, session.sessionId);
  await audit(deps.db, deps.clock, { event: "account.logged_out", accountId: session.accountId, actorId: session.accountId, ip: context.ip });
  for (const hook of hooks) await hook(deps, session.accountId);
}
