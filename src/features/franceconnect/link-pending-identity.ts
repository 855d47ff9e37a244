import type { Deps } from "../../platform/http/deps.ts";
import { consumeTicket, TicketAlreadyUsed } from "../../platform/security/app-secrets.ts";
import { setFranceConnectIdToken } from "../../platform/sessions/queries.ts";
import { FranceConnectProblem } from "./errors.ts";
import { linkFranceConnect } from "./link-franceconnect.ts";
import { openPendingIdentity } from "./pending-identity.ts";
import { ticketExpiry } from "./tickets.ts";

/**
 * "J'ai déjà un compte": after logging in to their account with its password, the person links
 * it to the FranceConnect identity they came with (the pending identity, used once). Their
 * session then ends FranceConnect's at logout, as a FranceConnect login's does.
 */
export async function linkPendingIdentity(deps: Deps, ticket: string | undefined, session: { accountId: string; sessionId: string }, context: { ip: string }) {
  const pending = await openPendingIdentity(deps, ticket);
  if (!pending || !ticket) throw new FranceConnectProblem("expired");
  try {
    await consumeTicket(deps.db, ticket, ticketExpiry(ticket));
  } catch (error) {
    if (error instanceof TicketAlreadyUsed) throw new FranceConnectProblem("expired");
    throw error;
  }
  await linkFranceConnect(deps, { accountId: session.accountId, subject: pending.subject, identity: pending.identity }, context);
  await setFranceConnectIdToken(deps.db, session.sessionId, pending.idToken);
}
