import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import * as queries from "./queries.ts";
import { checkRepresentative, representativeColumns, type RepresentativeForm } from "./representative-form.ts";
import type { RecordActor } from "./update-identification.ts";

/**
 * Changes one of the organisation's representatives; another organisation's is not found (404).
 * Flagging them as the legal representative takes the flag from the previous one
 * (`tookLegalFlag`). Audited with the names of the fields changed.
 */
export async function updateRepresentative(
  deps: { db: Db; clock: Clock },
  actor: RecordActor,
  representativeId: string,
  form: RepresentativeForm,
): Promise<{ tookLegalFlag: boolean }> {
  const { errors, values } = checkRepresentative(form);
  if (!values) throw new FormError(errors);

  return deps.db.transaction().execute(async (trx) => {
    await queries.lockOrganisation(trx, actor.organisationId);
    const current = await queries.findRepresentative(trx, actor.organisationId, representativeId);
    if (!current) throw new NotFoundError();
    const now = deps.clock.now();
    const columns = representativeColumns(values);
    const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter((field) => current[field] !== columns[field]);
    await queries.updateRepresentative(trx, actor.organisationId, representativeId, { ...columns, updatedAt: now });
    const unflagged = values.isLegalRepresentative ? await queries.unflagOtherLegalRepresentatives(trx, actor.organisationId, representativeId, now) : [];
    await queries.touchOrganisation(trx, actor.organisationId, now, actor.accountId);
    await audit(trx, deps.clock, {
      event: "organisation.representative_changed",
      accountId: actor.accountId,
      actorId: actor.accountId,
      ip: actor.ip,
      details: { organisationId: actor.organisationId, representativeId, fields: changed, legalFlagTakenFrom: unflagged },
    });
    return { tookLegalFlag: unflagged.length > 0 };
  });
}
