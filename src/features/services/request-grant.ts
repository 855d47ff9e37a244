import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Grant, Service } from "../../platform/db/schema.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { listAdministrators } from "../../core/organisations/queries/organisations.ts";
import { grantContext } from "../../core/organisations/service-access.ts";
import type { RequestRoute } from "./policies.ts";
import { grantSituation, loadRequestContext, type GrantSituation, type RequestContext } from "./grant-situation.ts";
import {
  grantGrantedMail,
  grantRequestedMail,
  grantRequestToOrganisationAdminMail,
  grantRequestToPlatformAdminMail,
} from "../../core/organisations/service-mails.ts";
import { findPerson, insertGrant, listPlatformAdmins, lockGrantInContext, renewGrantRequest } from "../../core/organisations/queries/services.ts";

type Deps = { db: Db; clock: Clock; mailer: Mailer; config: Config };

/**
 * "Demande d'habilitation": the person asks for a grant on a service, in the organisation they act
 * for (or none, for services that need none). Automatic services, and services an organisation's
 * administrators grant when the person is one of them, are granted at once; otherwise the request
 * waits and whoever decides is told by e-mail, as is the person. When the organisation has no
 * administrator yet (seed 001, case 2) the request waits for the person to become it by the code
 * sent by post (see grantOwnPendingRequests). Asking again while pending or granted changes
 * nothing; after a refusal or a deactivation it is a new request.
 *
 * Returns the person's situation afterwards; when the request cannot be made (organisation or
 * function missing) `requested` is false and the situation says why.
 */
export async function requestGrant(
  deps: Deps,
  input: { accountId: string; service: Service; currentOrganisationId: string | null; ip: string },
): Promise<{ requested: boolean; situation: GrantSituation }> {
  const { service } = input;
  if (!service.active) throw new NotFoundError();
  return deps.db.transaction().execute(async (trx) => {
    const context = await loadRequestContext(trx, { accountId: input.accountId, organisationId: grantContext(service, input.currentOrganisationId) });
    const where = { serviceId: service.id, accountId: input.accountId, organisationId: service.requiresOrganisation ? (context.organisation?.id ?? null) : null };
    const existing = service.requiresOrganisation && !context.organisation ? null : ((await lockGrantInContext(trx, where)) ?? null);
    const situation = grantSituation(service, context, existing);
    if (situation.kind !== "can_request") return { requested: false, situation };

    const now = deps.clock.now();
    const immediate = situation.route === "automatic" || situation.route === "self";
    const status = immediate ? "granted" : "pending";
    const decidedBy = immediate ? input.accountId : null;
    let grant: Grant | undefined = situation.previous
      ? await renewGrantRequest(trx, situation.previous.id, { status, now, decidedBy })
      : await insertGrant(trx, { ...where, status, now, decidedBy });
    if (!grant) {
      // Another request of the same person got in first (two clicks at once): that one counts.
      grant = await lockGrantInContext(trx, where);
      return { requested: false, situation: grantSituation(service, context, grant ?? null) };
    }

    const details = { grantId: grant.id, serviceId: service.id, organisationId: grant.organisationId, route: situation.route };
    await audit(trx, deps.clock, { event: "grant.requested", accountId: input.accountId, actorId: input.accountId, ip: input.ip, details });
    if (immediate) await audit(trx, deps.clock, { event: "grant.granted", accountId: input.accountId, actorId: input.accountId, ip: input.ip, details });
    await sendRequestMails(deps, trx, { accountId: input.accountId, service, context, route: situation.route });
    return { requested: true, situation: grantSituation(service, context, grant) };
  });
}

async function sendRequestMails(
  deps: Deps,
  db: Db,
  input: { accountId: string; service: Service; context: RequestContext; route: RequestRoute },
) {
  const person = await findPerson(db, input.accountId);
  if (!person) throw new NotFoundError();
  const organisation = input.service.requiresOrganisation ? input.context.organisation : null;
  const to = organisation && input.context.membership ? input.context.membership.email : person.email;
  const { config } = deps;
  switch (input.route) {
    case "automatic":
    case "self":
      await deps.mailer.queue(db, to, await grantGrantedMail(config, person, input.service, organisation));
      return;
    case "organisation_admin": {
      if (!organisation) throw new Error("organisation_admin request without an organisation");
      for (const administrator of await listAdministrators(db, organisation.id))
        await deps.mailer.queue(db, administrator.email, await grantRequestToOrganisationAdminMail(config, administrator, person, input.service, organisation));
      await deps.mailer.queue(db, to, await grantRequestedMail(config, person, input.service, organisation, "organisation_admin"));
      return;
    }
    case "first_member":
      await deps.mailer.queue(db, to, await grantRequestedMail(config, person, input.service, organisation, "first_member"));
      return;
    case "platform_admin":
      for (const administrator of await listPlatformAdmins(db))
        await deps.mailer.queue(db, administrator.email, await grantRequestToPlatformAdminMail(config, administrator, person, input.service, organisation));
      await deps.mailer.queue(db, to, await grantRequestedMail(config, person, input.service, organisation, "platform_admin"));
      return;
  }
}
