import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { audit } from "../../platform/audit.ts";
import * as queries from "../../core/accounts/queries/accounts.ts";
import { consumeAccountToken } from "../../core/accounts/tokens.ts";

export type ActivationResult = "activated" | "expired" | "used" | "unknown";

/** Activates the account of an activation link; an expired, used or forged link says which. */
export async function activateAccount(deps: { db: Db; clock: Clock }, token: string, context: { ip: string }): Promise<ActivationResult> {
  return deps.db.transaction().execute(async (db) => {
    const check = await consumeAccountToken({ db, clock: deps.clock }, token, "activation");
    if (check.status !== "valid") return check.status;
    const now = deps.clock.now();
    await queries.updateAccount(db, check.token.accountId, { status: "active", activatedAt: now, updatedAt: now });
    await audit(db, deps.clock, { event: "account.activated", accountId: check.token.accountId, actorId: check.token.accountId, ip: context.ip });
    return "activated";
  });
}
