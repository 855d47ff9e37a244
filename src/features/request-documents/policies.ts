import type { RequestStatus } from "../../platform/db/schema.ts";

/*
 * Which of a request's documents exist, for the applicant (the request's own account, as for the
 * filing receipt) and for the agents of its procedure alike — anyone else gets the 404 of an
 * unknown address:
 * - the filing attestation and the official form, once the request is registered: filed, in
 *   instruction or decided (accepted, refused, closed); never for a draft (no number yet) nor for
 *   an abandoned request, which is no longer registered. The list says what is allowed, so a
 *   status added later (an expired request) has no attestation until it is named here;
 * - the official form, only for a procedure whose definition describes one (`formulaire_officiel`);
 * - the decision letter, once the request is accepted or refused.
 */

export type RequestDocumentKind = "attestation" | "official-form" | "decision";

const REGISTERED: ReadonlySet<RequestStatus> = new Set(["filed", "in_instruction", "accepted", "refused", "closed"]);

interface DocumentSubject {
  status: RequestStatus;
  number: string | null;
  filedAt: Date | null;
}

/** Whether the request is registered: it has a number and a filing date, and a status that keeps them. */
export function isRegistered(request: DocumentSubject): boolean {
  return request.number !== null && request.filedAt !== null && REGISTERED.has(request.status);
}

/** Whether this document exists for the request (the official form: when its procedure describes one). */
export function hasDocument(kind: RequestDocumentKind, request: DocumentSubject, hasOfficialForm: boolean): boolean {
  if (!isRegistered(request)) return false;
  if (kind === "official-form") return hasOfficialForm;
  if (kind === "decision") return request.status === "accepted" || request.status === "refused";
  return true;
}
