import type { RequestStatus } from "../../platform/db/schema.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { listRequestsWithOfficialForm } from "../../core/requests/queries/documents.ts";
import type { Db } from "../../platform/db/database.ts";
import type { ListPanel, Panel } from "../../ui/panels.ts";
import { hasDocument, isRegistered, type RequestDocumentKind } from "./policies.ts";
import { AgentDocumentsSection, ApplicantDocumentLinks } from "./views.tsx";

type DocumentSubject = { id: string; status: RequestStatus; number: string | null; filedAt: Date | null };

const KINDS: RequestDocumentKind[] = ["attestation", "official-form", "decision"];
const kindsOf = (request: DocumentSubject, hasOfficialForm: boolean) => KINDS.filter((kind) => hasDocument(kind, request, hasOfficialForm));

/** The documents among the actions of each request of "Mes demandes" (one query for the list). */
export const applicantDocumentsListLink: ListPanel<DocumentSubject> = async (db, requests) => {
  const withForm = await listRequestsWithOfficialForm(db, requests.filter(isRegistered).map((request) => request.id));
  return (_ctx, request) => <ApplicantDocumentLinks requestId={request.id} kinds={kindsOf(request, withForm.has(request.id))} />;
};

/** The documents among the actions of a filed request's own page. */
export const applicantDocumentsLink: Panel<DocumentSubject> = async (db, request) => {
  const withForm = isRegistered(request) ? await listRequestsWithOfficialForm(db, [request.id]) : new Set<string>();
  return () => <ApplicantDocumentLinks requestId={request.id} kinds={kindsOf(request, withForm.has(request.id))} />;
};

/** "Documents de la demande" on the agent's request page (its definition is already loaded); none before filing. */
export const agentDocumentsSection = {
  id: "documents-demande",
  title: "Documents de la demande",
  load: async (_db: Db, { procedure, request }: { procedure: { slug: string }; request: DocumentSubject & { definition: ProcedureDefinition } }) => {
    const kinds = kindsOf(request, request.definition.formulaire_officiel !== undefined);
    return kinds.length === 0 ? null : () => <AgentDocumentsSection slug={procedure.slug} requestId={request.id} kinds={kinds} />;
  },
};
