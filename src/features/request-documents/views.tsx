import { documentPaths } from "./paths.ts";
import type { RequestDocumentKind } from "./policies.ts";

/** Each document's name in a link. */
export const DOCUMENT_LABELS: Record<RequestDocumentKind, string> = {
  attestation: "Attestation d'enregistrement",
  "official-form": "Formulaire officiel",
  decision: "Courrier de décision",
};

const fileHint = " (PDF)";

/**
 * "Documents : Attestation d'enregistrement (PDF), Formulaire officiel (PDF)…" among a request's
 * actions on "Mes demandes" and on its own page; nothing while it has none.
 */
export function ApplicantDocumentLinks({ requestId, kinds }: { requestId: string; kinds: RequestDocumentKind[] }) {
  if (kinds.length === 0) return null;
  return (
    <span>
      Documents :{" "}
      {kinds.map((kind, index) => (
        <>
          {index > 0 ? ", " : null}
          <a href={documentPaths.applicant(requestId, kind)} download>
            {DOCUMENT_LABELS[kind]}
            {fileHint}
          </a>
        </>
      ))}
    </span>
  );
}

/** "Documents" on the agent's request page: the same PDFs the applicant downloads. */
export function AgentDocumentsSection({ slug, requestId, kinds }: { slug: string; requestId: string; kinds: RequestDocumentKind[] }) {
  return (
    <ul class="link-list">
      {kinds.map((kind) => (
        <li>
          <a href={documentPaths.agent(slug, requestId, kind)} download>
            {DOCUMENT_LABELS[kind]}
            {fileHint}
          </a>
        </li>
      ))}
    </ul>
  );
}
