import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { checkDeskFields, type DeskFields } from "./desk-input.ts";
import { insertDesks, updateDesk } from "./queries.ts";

/**
 * Adds a desk (`id` absent) or replaces one's fields, from the admin's form. Invalid fields throw
 * a FormError (the page shows them again); a desk deleted meanwhile is a 404.
 */
export async function saveReceptionDesk(
  deps: { db: Db; clock: Clock },
  fields: DeskFields,
  context: { id?: string; actorId: string; ip: string },
): Promise<{ id: string; name: string }> {
  const checked = checkDeskFields(fields);
  if (!checked.ok) throw new FormError(checked.errors);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    let id = context.id;
    if (id === undefined) {
      [id] = await insertDesks(trx, [checked.desk], now);
    } else if (!(await updateDesk(trx, id, checked.desk, now))) {
      throw new NotFoundError();
    }
    await audit(trx, deps.clock, {
      event: context.id === undefined ? "reception_desk.created" : "reception_desk.updated",
      actorId: context.actorId,
      ip: context.ip,
      details: { deskId: id, name: checked.desk.name, commune: checked.desk.communeCode },
    });
    return { id: id!, name: checked.desk.name };
  });
}
