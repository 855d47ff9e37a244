import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { deleteDesk } from "./queries.ts";

/** Deletes one desk, recorded in the audit trail; a desk already gone is a 404. */
export async function deleteReceptionDesk(deps: { db: Db; clock: Clock }, id: string, context: { actorId: string; ip: string }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await deleteDesk(trx, id);
    if (!deleted) throw new NotFoundError();
    await audit(trx, deps.clock, {
      event: "reception_desk.deleted",
      actorId: context.actorId,
      ip: context.ip,
      details: { deskId: id, name: deleted.name, commune: deleted.communeName },
    });
  });
}
