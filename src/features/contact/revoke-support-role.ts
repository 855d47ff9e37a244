import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { deleteSupportAgent } from "./queries.ts";

/**
 * Removes the support role: the agent no longer sees the queue, and the questions they held go
 * back to nobody (unanswered ones become new again). Nothing happens to an account that had no role.
 */
export async function revokeSupportRole(deps: { db: Db; clock: Clock }, input: { accountId: string }, context: { actorId: string; ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    if (await deleteSupportAgent(trx, input.accountId)) await audit(trx, deps.clock, { event: "support.role_revoked", accountId: input.accountId, actorId: context.actorId, ip: context.ip });
  });
}
