import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { lockService, updateService } from "../../core/organisations/queries/services.ts";
import { changeServices } from "../../core/organisations/service-catalogue.ts";

/**
 * Activates or deactivates a service. A deactivated service leaves the catalogue and the
 * dashboard and cannot be opened; its grants are kept, so reactivating it restores them.
 */
export async function setServiceActive(deps: { db: Db; clock: Clock }, serviceId: string, active: boolean, context: { actorId: string; ip: string }) {
  await changeServices(deps.db, async (trx) => {
    const service = await lockService(trx, serviceId);
    if (!service) throw new NotFoundError();
    // Asking for the state it is already in (a second click) changes nothing.
    if (service.active === active) return;
    await updateService(trx, serviceId, { active, updatedAt: deps.clock.now() });
    await audit(trx, deps.clock, {
      event: active ? "service.activated" : "service.deactivated",
      actorId: context.actorId,
      ip: context.ip,
      details: { serviceId },
    });
  });
}
