import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Service } from "../../platform/db/schema.ts";
import { FormError } from "../../platform/http/errors.ts";
import { isUniqueViolation } from "../../core/accounts/queries/accounts.ts";
import { insertService, isSlugTaken } from "../../core/organisations/queries/services.ts";
import { checkServiceForm, type ServiceForm } from "./service-form.ts";
import { changeServices } from "../../core/organisations/service-catalogue.ts";

export const SLUG_TAKEN = "Ce nom est déjà celui d'un autre service : choisissez-en un autre.";

/**
 * A platform admin adds a service to the catalogue, with version 1 of its terms. Throws FormError
 * for invalid input or a name in the address already used.
 */
export async function createService(deps: { db: Db; clock: Clock }, form: ServiceForm, context: { actorId: string; ip: string }): Promise<Service> {
  const { fields, errors } = checkServiceForm(form, { withTerms: true });
  if (!errors.slug && (await isSlugTaken(deps.db, fields.slug))) errors.slug = SLUG_TAKEN;
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  try {
    return await changeServices(deps.db, async (trx) => {
      const now = deps.clock.now();
      const service = await insertService(trx, { ...fields, termsText: form.termsText, termsVersion: 1, termsUpdatedAt: now, active: true, createdAt: now, updatedAt: now });
      await audit(trx, deps.clock, { event: "service.created", actorId: context.actorId, ip: context.ip, details: { serviceId: service.id, slug: service.slug } });
      return service;
    });
  } catch (error) {
    // Another admin took the name between the check and the insert.
    if (isUniqueViolation(error)) throw new FormError({ slug: SLUG_TAKEN });
    throw error;
  }
}
