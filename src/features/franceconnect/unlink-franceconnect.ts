import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { hasPassword } from "../../platform/security/passwords.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { deleteFranceConnectLink, findFranceConnectStatus } from "../../core/accounts/queries/franceconnect.ts";
import type { Db } from "../../platform/db/database.ts";
import { FranceConnectProblem } from "./errors.ts";

/** Whether the account can be opened without FranceConnect. */
export async function accountHasPassword(db: Db, accountId: string): Promise<boolean> {
  const status = await findFranceConnectStatus(db, accountId);
  return status ? hasPassword(status.passwordHash) : false;
}

/**
 * "Délier FranceConnect": only once the account has a password, or nobody could log in to it any
 * more. The names and birth data stay, no longer locked (the person may edit them again).
 */
export async function unlinkFranceConnect(deps: Deps, accountId: string, context: { ip: string }) {
  const status = await findFranceConnectStatus(deps.db, accountId);
  if (!status?.linkedAt) throw new FranceConnectProblem("not-linked");
  if (!hasPassword(status.passwordHash)) throw new FranceConnectProblem("password-needed");
  await deps.db.transaction().execute(async (db) => {
    const now = deps.clock.now();
    if (!(await deleteFranceConnectLink(db, accountId))) throw new FranceConnectProblem("not-linked");
    await accounts.updateAccount(db, accountId, { identityVerifiedAt: null, updatedAt: now });
    await audit(db, deps.clock, { event: "franceconnect.unlinked", accountId, actorId: accountId, ip: context.ip });
  });
}
