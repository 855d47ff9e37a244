import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { assertNotLastAdministrator } from "../../core/organisations/last-administrator.ts";
import { cancelLiveCodes } from "../../core/organisations/queries/administrators.ts";
import { deleteMembership, revokeMemberGrants } from "../../core/organisations/queries/members.ts";
import { findMembership } from "../../core/organisations/queries/organisations.ts";
import { stopActingFor } from "../../platform/sessions/queries.ts";

/**
 * "Supprimer une structure": the person leaves the organisation (attached by mistake, or left
 * it). Their grants for it end, their pending administrator code is cancelled, and the sessions
 * acting for it act for none. The last administrator cannot leave: the organisation would have
 * nobody to let its members in.
 */
export async function detachOrganisation(deps: { db: Db; clock: Clock }, input: { accountId: string; organisationId: string; ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    // Locks the administrators' rows as every change of role does (organisation-members).
    await assertNotLastAdministrator(trx, input.organisationId, input.accountId);
    const membership = await findMembership(trx, input.organisationId, input.accountId);
    if (!membership) throw new NotFoundError();
    await deleteMembership(trx, membership.id);
    await revokeMemberGrants(trx, { organisationId: input.organisationId, accountId: input.accountId, now, by: input.accountId, reason: "Détachement de la structure" });
    await cancelLiveCodes(trx, { organisationId: input.organisationId, accountId: input.accountId, now, by: input.accountId });
    await stopActingFor(trx, input.accountId, input.organisationId);
    await audit(trx, deps.clock, {
      event: "organisation.detached",
      accountId: input.accountId,
      actorId: input.accountId,
      ip: input.ip,
      details: { organisationId: input.organisationId },
    });
  });
}
