import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import { findStaffAccountByEmail, insertSupportAgent } from "./queries.ts";

export const NO_STAFF_ACCOUNT = "Aucun compte d'agent instructeur ou d'administrateur du portail n'a cette adresse. Créez d'abord le compte de l'agent (page « Agents instructeurs »).";

/**
 * Makes an existing case worker or platform admin a support agent (platform admins only, checked
 * by the route). Throws FormError({ courriel }) when no such staff account has the address.
 * Returns whether they became one (false: they already were).
 */
export async function grantSupportRole(deps: { db: Db; clock: Clock }, input: { email: string }, context: { actorId: string; ip: string }): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const account = await findStaffAccountByEmail(trx, input.email);
    if (!account) throw new FormError({ courriel: NO_STAFF_ACCOUNT });
    const added = await insertSupportAgent(trx, { accountId: account.id, grantedBy: context.actorId, grantedAt: deps.clock.now() });
    if (added) await audit(trx, deps.clock, { event: "support.role_granted", accountId: account.id, actorId: context.actorId, ip: context.ip });
    return added;
  });
}
