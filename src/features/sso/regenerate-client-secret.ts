import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import * as queries from "./queries.ts";
import { generateClientSecret } from "./register-client.ts";

/**
 * Replaces a partner's secret (lost, or leaked): the old one stops working at once. Returns the
 * new secret, to show once. Throws NotFoundError for an unknown client.
 */
export async function regenerateClientSecret(deps: { db: Db; clock: Clock }, input: { clientId: string; adminId: string | null; ip: string | null }) {
  const clientSecret = generateClientSecret();
  return deps.db.transaction().execute(async (trx) => {
    if (!(await queries.updateClientSecret(trx, input.clientId, clientSecret))) throw new NotFoundError();
    await audit(trx, deps.clock, { event: "oidc.client_secret_regenerated", actorId: input.adminId, ip: input.ip, details: { clientId: input.clientId } });
    const client = await queries.findClient(trx, input.clientId);
    return { clientId: input.clientId, clientSecret, name: client?.name ?? "" };
  });
}
