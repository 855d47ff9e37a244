import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { setCurrentOrganisation } from "../../platform/sessions/queries.ts";
import { findMembership } from "../../core/organisations/queries/organisations.ts";

/** The session acts for another of the person's organisations (pending or active member). */
export async function switchOrganisation(deps: { db: Db }, input: { accountId: string; sessionId: string; organisationId: string }) {
  const membership = await findMembership(deps.db, input.organisationId, input.accountId);
  if (!membership || (membership.status !== "active" && membership.status !== "pending")) throw new NotFoundError();
  await setCurrentOrganisation(deps.db, input.sessionId, input.organisationId);
}
