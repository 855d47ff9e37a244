import type { Deps } from "../../platform/http/deps.ts";
import { audit } from "../../platform/audit.ts";
import { hasPassword } from "../../platform/security/passwords.ts";
import { openSession } from "../../platform/sessions/sessions.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { findAccountOfFranceConnectSubject } from "../../core/accounts/queries/franceconnect.ts";
import type { FranceConnectAnswer } from "./complete-franceconnect.ts";
import { FranceConnectProblem } from "./errors.ts";
import { identityColumns } from "./pivot.ts";

/**
 * A FranceConnect identity already linked to an account opens a session on it, as a password
 * login does, with the id_token kept for the logout. The identity FranceConnect vouches for
 * (names, birth data) is written again: it may have been corrected since. Returns null when the
 * identity is linked to no account (the person then creates one or links theirs).
 *
 * An account this identity created and never activated (no password, the address not proven:
 * perhaps mistyped) is dropped, and `unconfirmedEmail` returned: the person finalises again,
 * shown the address they typed, and a new activation link goes out. Kept, it would hold the
 * identity, which could then be linked nowhere else, until someone followed a link sent to an
 * address the person may not own.
 */
export async function logInWithFranceConnect(
  deps: Deps,
  answer: FranceConnectAnswer,
  context: { ip: string; userAgent: string },
): Promise<{ sessionToken: string; mustChangePassword: boolean } | { unconfirmedEmail: string } | null> {
  const account = await findAccountOfFranceConnectSubject(deps.db, answer.subject);
  if (!account) return null;
  if (account.status !== "active" && !hasPassword(account.passwordHash)) {
    await deps.db.transaction().execute(async (db) => {
      await accounts.deleteAccount(db, account.id);
      await audit(db, deps.clock, { event: "franceconnect.unconfirmed_account_dropped", accountId: account.id, ip: context.ip });
    });
    return { unconfirmedEmail: account.email };
  }
  // The address is proven by the activation link, FranceConnect or not.
  if (account.status !== "active") throw new FranceConnectProblem("not-activated");
  const now = deps.clock.now();
  await accounts.updateAccount(deps.db, account.id, { ...identityColumns(answer.identity), identityVerifiedAt: now, updatedAt: now });
  const sessionToken = await openSession(
    deps,
    { accountId: account.id, ip: context.ip, userAgent: context.userAgent, franceconnectIdToken: answer.idToken },
    "franceconnect.login_succeeded",
  );
  return { sessionToken, mustChangePassword: account.mustChangePassword };
}
