import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { findAccountOfFranceConnectSubject, insertFranceConnectLink } from "../../core/accounts/queries/franceconnect.ts";
import { FranceConnectProblem } from "./errors.ts";
import { identityColumns, type PivotIdentity } from "./pivot.ts";

/**
 * Links the signed-in account to the FranceConnect identity the person just proved: only ever
 * after they logged in to that account, never because an address matches. One identity for one
 * account: a second identity for a linked account, or an identity linked elsewhere, is refused.
 * The account's names and birth data become the ones FranceConnect vouches for (locked).
 */
export async function linkFranceConnect(deps: Deps, input: { accountId: string; subject: string; identity: PivotIdentity }, context: { ip: string }) {
  await deps.db.transaction().execute(async (db) => {
    const now = deps.clock.now();
    if (!(await insertFranceConnectLink(db, { accountId: input.accountId, subject: input.subject, linkedAt: now }))) {
      const owner = await findAccountOfFranceConnectSubject(db, input.subject);
      throw new FranceConnectProblem(owner && owner.id !== input.accountId ? "identity-linked" : "account-linked");
    }
    await accounts.updateAccount(db, input.accountId, { ...identityColumns(input.identity), identityVerifiedAt: now, updatedAt: now });
    await audit(db, deps.clock, { event: "franceconnect.linked", accountId: input.accountId, actorId: input.accountId, ip: context.ip });
  });
}
