import type { Brand } from "../../platform/config.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import type { Db } from "../../platform/db/database.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
import type { Answers } from "../../core/procedures/answers/values.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { renderFilingAttestation } from "../../core/requests/attestation-pdf.ts";
import { renderDecisionLetter } from "../../core/requests/decision-letter-pdf.ts";
import { officialFormSections, renderOfficialForm } from "../../core/requests/official-form-pdf.ts";
import { findLatestDecision } from "../../core/requests/queries/documents.ts";
import { findGrant } from "../../core/requests/queries/payments.ts";
import { hasDocument, type RequestDocumentKind } from "./policies.ts";

/** A request as both sides read it: the applicant's own, or the one an agent of its procedure opens. */
export interface DocumentRequest {
  id: string;
  status: RequestStatus;
  number: string | null;
  filedAt: Date | null;
  answers: Answers;
  definition: ProcedureDefinition;
  /** "Mme Camille Martin". */
  applicant: string;
  /** "Association des Lilas (SIRET 732 829 320 00074)", or null for a person's request. */
  organisation: string | null;
}

/**
 * Builds one of a request's documents (filing attestation, official form, decision letter) from
 * the stored request, as the filing receipt is: on demand, nothing kept on disk. A document the
 * request does not have (a draft, no official form, no decision) is a 404.
 * An acceptance letter prints the amount granted once the agent has recorded it ("Versements").
 */
export async function renderRequestDocument(
  deps: { db: Db; clock: { now(): Date }; config: { brand: Brand } },
  kind: RequestDocumentKind,
  request: DocumentRequest,
): Promise<Buffer> {
  const { definition } = request;
  const form = definition.formulaire_officiel;
  if (!hasDocument(kind, request, form !== undefined) || !request.number || !request.filedAt) throw new NotFoundError();
  const header = { brand: deps.config.brand, procedureTitle: definition.titre, number: request.number, applicant: request.applicant, date: deps.clock.now() };
  if (kind === "attestation") {
    // The first filing date is the request's filing date until renewals keep an earlier one.
    return renderFilingAttestation({ ...header, filedAt: request.filedAt, firstFiledAt: request.filedAt, organisation: request.organisation, scope: definition.attestation?.portée });
  }
  if (kind === "official-form" && form) {
    return renderOfficialForm({ ...header, form, filedAt: request.filedAt, sections: officialFormSections(definition, form, request.answers) });
  }
  const decision = await findLatestDecision(deps.db, request.id);
  const expected = request.status === "accepted" ? "request.accepted" : "request.refused";
  if (!decision || decision.event !== expected) throw new NotFoundError();
  return renderDecisionLetter({
    ...header,
    decision: request.status === "accepted" ? "accepted" : "refused",
    decidedAt: decision.occurredAt,
    filedAt: request.filedAt,
    reason: decision.reason,
    amountGrantedCents: request.status === "accepted" ? ((await findGrant(deps.db, request.id))?.amountCents ?? null) : null,
    settings: definition.courrier_de_décision,
  });
}
