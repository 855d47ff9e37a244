import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import * as queries from "./queries.ts";
import type { RecordActor } from "./update-identification.ts";

/**
 * Removes one of the organisation's representatives, after the person confirmed it on the
 * confirmation page. Another organisation's representative is not found (404).
 */
export async function deleteRepresentative(deps: { db: Db; clock: Clock }, actor: RecordActor, representativeId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const representative = await queries.findRepresentative(trx, actor.organisationId, representativeId);
    if (!representative) throw new NotFoundError();
    await queries.deleteRepresentative(trx, actor.organisationId, representativeId);
    await queries.touchOrganisation(trx, actor.organisationId, deps.clock.now(), actor.accountId);
    await audit(trx, deps.clock, {
      event: "organisation.representative_deleted",
      accountId: actor.accountId,
      actorId: actor.accountId,
      ip: actor.ip,
      details: { organisationId: actor.organisationId, representativeId, wasLegalRepresentative: representative.isLegalRepresentative },
    });
  });
}
