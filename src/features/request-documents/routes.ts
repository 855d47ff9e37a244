import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { formatSiret } from "../../platform/french/siret.ts";
import { isUuid } from "../../core/organisations/access.ts";
import { findOrganisation } from "../../core/organisations/queries/organisations.ts";
import { agentProcedureOr404, requireAgent } from "../../core/requests/agent-policies.ts";
import { findProcedureRequest } from "../../core/requests/queries/agents.ts";
import { findApplicantName, findApplicantRequest, findVersionDefinition } from "../../core/requests/queries/requests.ts";
import { documentPaths } from "./paths.ts";
import type { RequestDocumentKind } from "./policies.ts";
import { renderRequestDocument, type DocumentRequest } from "./render-request-document.ts";

const KINDS: RequestDocumentKind[] = ["attestation", "official-form", "decision"];

type ApplicantParams = { Params: { id: string } };
type AgentParams = { Params: { procedureSlug: string; requestId: string } };

const organisationLabel = (name: string | null | undefined, siret: string | null | undefined) => (name ? (siret ? `${name} (SIRET ${formatSiret(siret)})` : name) : null);

/**
 * The request's documents as PDFs — filing attestation, official form, decision letter — for
 * its applicant (beside the filing receipt, with the receipt's rule: the request must be the
 * signed-in account's own) and for the agents of its procedure (the rule of the agent's request
 * page). Anything else, and a document the request does not have, is a 404.
 */
export async function requestDocumentRoutes(app: FastifyInstance, deps: Deps) {
  /** The signed-in person's own request, as the filing receipt finds it; anyone else's is a 404. */
  async function applicantRequest(request: FastifyRequest<ApplicantParams>): Promise<DocumentRequest> {
    if (!isUuid(request.params.id)) throw new NotFoundError();
    const own = await findApplicantRequest(deps.db, request.params.id, sessionOf(request).accountId);
    if (!own) throw new NotFoundError();
    const [definition, applicant, organisation] = await Promise.all([
      findVersionDefinition(deps.db, own.procedureVersionId),
      findApplicantName(deps.db, own.applicantId),
      own.organisationId ? findOrganisation(deps.db, own.organisationId) : undefined,
    ]);
    return { ...own, definition, applicant, organisation: organisationLabel(organisation?.name, organisation?.siret) };
  }

  /** A request of a procedure the signed-in agent is attached to (never a draft), as the agent's request page finds it. */
  async function agentRequest(request: FastifyRequest<AgentParams>): Promise<DocumentRequest> {
    const procedure = await agentProcedureOr404(deps.db, sessionOf(request).accountId, request.params.procedureSlug);
    if (!isUuid(request.params.requestId)) throw new NotFoundError();
    const found = await findProcedureRequest(deps.db, procedure.id, request.params.requestId);
    if (!found) throw new NotFoundError();
    const applicant = found.applicantLastName ? [found.applicantCivility, found.applicantFirstName, found.applicantLastName].filter(Boolean).join(" ") : "Compte supprimé";
    return { ...found, applicant, organisation: organisationLabel(found.organisationName, found.organisationSiret) };
  }

  for (const kind of KINDS) {
    const fileName = (request: DocumentRequest) => `${documentPaths.fileName(kind).replace(/\.pdf$/, "")}-${request.number ?? ""}.pdf`;
    app.get<ApplicantParams>(documentPaths.applicant(":id", kind), { preHandler: requireAccount }, async (request, reply) => {
      const found = await applicantRequest(request);
      return sendPdf(reply, await renderRequestDocument(deps, kind, found), fileName(found));
    });
    app.get<AgentParams>(documentPaths.agent(":procedureSlug", ":requestId", kind), { preHandler: requireAgent }, async (request, reply) => {
      const found = await agentRequest(request);
      return sendPdf(reply, await renderRequestDocument(deps, kind, found), fileName(found));
    });
  }
}

function sendPdf(reply: FastifyReply, pdf: Buffer, fileName: string) {
  return reply
    .header("content-type", "application/pdf")
    .header("content-disposition", `attachment; filename="${fileName}"`)
    .header("x-content-type-options", "nosniff")
    .header("cache-control", "private, no-store")
    .send(pdf);
}
