import type { RequestDocumentKind } from "./policies.ts";

const FILE_NAMES: Record<RequestDocumentKind, string> = { attestation: "attestation.pdf", "official-form": "formulaire-officiel.pdf", decision: "decision.pdf" };

/** Each document's address on the applicant's side and on the agents' side. */
export const documentPaths = {
  fileName: (kind: RequestDocumentKind) => FILE_NAMES[kind],
  applicant: (requestId: string, kind: RequestDocumentKind) => `/demandes/${requestId}/${FILE_NAMES[kind]}`,
  agent: (slug: string, requestId: string, kind: RequestDocumentKind) => `/instruction/${slug}/${requestId}/${FILE_NAMES[kind]}`,
};
