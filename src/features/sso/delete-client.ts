import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import * as queries from "./queries.ts";

/**
 * Removes a partner: its secret stops working and nobody can sign in to it any more (its tokens
 * are refused, the client being unknown). Throws NotFoundError for an unknown client.
 */
export async function deleteClient(deps: { db: Db; clock: Clock }, input: { clientId: string; adminId: string | null; ip: string | null }) {
  await deps.db.transaction().execute(async (trx) => {
    const client = await queries.findClient(trx, input.clientId);
    if (!client || !(await queries.deleteClient(trx, input.clientId))) throw new NotFoundError();
    await audit(trx, deps.clock, { event: "oidc.client_deleted", actorId: input.adminId, ip: input.ip, details: { clientId: input.clientId, name: client.name } });
  });
}
