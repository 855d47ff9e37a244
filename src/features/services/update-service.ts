import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Service } from "../../platform/db/schema.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { isUniqueViolation } from "../../core/accounts/queries/accounts.ts";
import { SLUG_TAKEN } from "./create-service.ts";
import { isSlugTaken, lockService, updateService as updateServiceRow } from "../../core/organisations/queries/services.ts";
import { checkServiceForm, type ServiceForm } from "./service-form.ts";
import { changeServices } from "../../core/organisations/service-catalogue.ts";

/**
 * A platform admin changes a service's description and rules. The terms are not part of it: they
 * change through a new version (publishTerms), which everyone accepts again.
 */
export async function updateService(
  deps: { db: Db; clock: Clock },
  serviceId: string,
  form: ServiceForm,
  context: { actorId: string; ip: string },
): Promise<Service> {
  const { fields, errors } = checkServiceForm(form, { withTerms: false });
  if (!errors.slug && (await isSlugTaken(deps.db, fields.slug, serviceId))) errors.slug = SLUG_TAKEN;
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  try {
    return await changeServices(deps.db, async (trx) => {
      const before = await lockService(trx, serviceId);
      if (!before) throw new NotFoundError();
      const service = await updateServiceRow(trx, serviceId, { ...fields, updatedAt: deps.clock.now() });
      if (!service) throw new NotFoundError();
      // Which fields changed, so the trail tells a renamed service from a change of who decides.
      const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((field) => before[field] !== service[field]);
      await audit(trx, deps.clock, { event: "service.updated", actorId: context.actorId, ip: context.ip, details: { serviceId, fields: changed } });
      return service;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new FormError({ slug: SLUG_TAKEN });
    throw error;
  }
}
