import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import * as queries from "./queries.ts";
import { checkRepresentative, representativeColumns, type RepresentativeForm } from "./representative-form.ts";
import type { RecordActor } from "./update-identification.ts";

/**
 * "Créer un nouveau représentant". Flagged as the legal representative, the new one takes the
 * flag from the previous legal representative: an organisation has at most one, and the
 * administrator's activation letter is addressed to them. `tookLegalFlag` says the flag moved,
 * so the page can say so.
 */
export async function createRepresentative(
  deps: { db: Db; clock: Clock },
  actor: RecordActor,
  form: RepresentativeForm,
): Promise<{ representativeId: string; tookLegalFlag: boolean }> {
  const { errors, values } = checkRepresentative(form);
  if (!values) throw new FormError(errors);

  return deps.db.transaction().execute(async (trx) => {
    await queries.lockOrganisation(trx, actor.organisationId);
    const now = deps.clock.now();
    const representative = await queries.insertRepresentative(trx, {
      organisationId: actor.organisationId,
      ...representativeColumns(values),
      createdAt: now,
      updatedAt: now,
    });
    const unflagged = values.isLegalRepresentative ? await queries.unflagOtherLegalRepresentatives(trx, actor.organisationId, representative.id, now) : [];
    await queries.touchOrganisation(trx, actor.organisationId, now, actor.accountId);
    await audit(trx, deps.clock, {
      event: "organisation.representative_created",
      accountId: actor.accountId,
      actorId: actor.accountId,
      ip: actor.ip,
      details: { organisationId: actor.organisationId, representativeId: representative.id, legalRepresentative: values.isLegalRepresentative, legalFlagTakenFrom: unflagged },
    });
    return { representativeId: representative.id, tookLegalFlag: unflagged.length > 0 };
  });
}
