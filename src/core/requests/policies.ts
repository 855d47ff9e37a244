import type { Db } from "../../platform/db/database.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
import type { Applicant } from "../procedures/definition/schema.ts";
import { memberGrant } from "../organisations/service-access.ts";

/** Why a person may not file a procedure's request now; each has its explanation and link. */
export type FilingRefusal =
  /** The procedure is filed for an organisation and the person acts for none (or is not yet validated in it). */
  | { kind: "organisation_required" }
  /** The procedure needs the grant to a service the person does not hold in that organisation. */
  | { kind: "grant_required"; service: { slug: string; name: string } };

export type FilingRight = { allowed: true; organisationId: string | null } | { allowed: false; refusal: FilingRefusal };

/**
 * Who may file (the definition's `déposant`): anyone with an account for a personal procedure
 * (the request is then the person's, whatever organisation they act for); for an organisation's
 * procedure, an active member of the organisation the session acts for, holding the grant to the
 * named service.
 */
export async function filingRight(db: Db, applicant: Applicant, person: { accountId: string; currentOrganisationId: string | null }): Promise<FilingRight> {
  if (applicant.type === "personne") return { allowed: true, organisationId: null };
  const organisationId = person.currentOrganisationId;
  const access = await memberGrant(db, { accountId: person.accountId, organisationId, serviceSlug: applicant.service });
  if (!access.ok) return { allowed: false, refusal: access.reason === "organisation_required" ? { kind: "organisation_required" } : { kind: "grant_required", service: access.service } };
  return { allowed: true, organisationId: organisationId! };
}

/** Answers and documents change only while the request is a draft (later: while an ask is open). */
export function isEditable(status: RequestStatus): boolean {
  return status === "draft";
}
