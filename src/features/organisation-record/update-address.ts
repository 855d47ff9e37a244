import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { findOrganisation } from "../../core/organisations/queries/organisations.ts";
import { checkAddress, type AddressForm } from "./fields.ts";
import { updateOrganisation } from "./queries.ts";
import type { RecordActor } from "./update-identification.ts";

/**
 * Changes the organisation's main postal address ("Adresse principale"). In France the postal
 * code must serve the commune, by the official lists; the letter that makes a member the
 * administrator goes to this address.
 */
export async function updateAddress(deps: { db: Db; clock: Clock }, actor: RecordActor, form: AddressForm): Promise<void> {
  const { errors, value } = checkAddress(form);
  if (!value) throw new FormError(errors);

  await deps.db.transaction().execute(async (trx) => {
    const organisation = await findOrganisation(trx, actor.organisationId);
    if (!organisation) throw new NotFoundError();
    const changed = (Object.keys(value) as (keyof typeof value)[]).filter((field) => organisation[field] !== value[field]);
    await updateOrganisation(trx, actor.organisationId, { ...value, updatedAt: deps.clock.now(), updatedBy: actor.accountId });
    await audit(trx, deps.clock, {
      event: "organisation.address_changed",
      accountId: actor.accountId,
      actorId: actor.accountId,
      ip: actor.ip,
      details: { organisationId: actor.organisationId, fields: changed },
    });
  });
}
