import { PassThrough } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { agentProcedureOr404, requireAgent } from "../../core/requests/agent-policies.ts";
import { listProcedureAgents } from "../../core/requests/queries/agents.ts";
import { findPreviousExportTime, findRequestExport } from "../../core/requests/queries/export.ts";
import type { RequestExportFormat } from "../../platform/db/schema.ts";
import { sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { objectStorageFor, StoredFileNotFoundError } from "../../platform/storage/object-storage.ts";
import { attachmentDisposition } from "../../platform/uploads/file-names.ts";
import { renderPage } from "../../ui/render.ts";
import type { FieldErrors } from "../../ui/context.ts";
import { directExportMaxRows, exportFileName, exportObjectKey, prepareExport, writeDirectExport } from "./export-requests.ts";
import { exportStatusUrl, ExportPage, ExportStatusPage, FORMAT_OPTIONS } from "./export-views.tsx";
import { EXPORT_CONTENT_TYPES } from "./export-writers.ts";
import { parseRequestListQuery } from "./filters.ts";

const agentOnly = { preHandler: requireAgent };
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATS = FORMAT_OPTIONS.map((option) => option.value);

type ProcedureParams = { Params: { procedureSlug: string } };
type ExportParams = { Params: { procedureSlug: string; exportId: string } };

function downloadHeaders(reply: FastifyReply, format: RequestExportFormat, fileName: string) {
  return reply
    .header("content-type", EXPORT_CONTENT_TYPES[format])
    .header("content-disposition", attachmentDisposition(fileName))
    .header("x-content-type-options", "nosniff")
    .header("cache-control", "private, no-store");
}

/**
 * Exports of a procedure's requests by its case workers (issue 15): the form with the list's
 * filters, the file at once (small) or by a job (large) with its progress page, and the kept
 * file, readable by its author only (404 for anybody else, as for another procedure).
 */
export function exportRoutes(app: FastifyInstance, deps: Deps) {
  /**
   * The list's parameters read as the list reads them (the same defaults, the same French
   * messages for a search or an agent refused), for the form and for the export itself.
   */
  async function readList(request: FastifyRequest<ProcedureParams>, source: Record<string, unknown>) {
    const agentId = sessionOf(request).accountId;
    const procedure = await agentProcedureOr404(deps.db, agentId, request.params.procedureSlug);
    const agents = await listProcedureAgents(deps.db, procedure.id);
    const list = parseRequestListQuery(source, { viewerId: agentId, agentIds: agents.map((agent) => agent.id) });
    return { agentId, procedure, agents, list };
  }

  async function formPage(request: FastifyRequest<ProcedureParams>, reply: FastifyReply, read: Awaited<ReturnType<typeof readList>>, input: { format: string; depuis: boolean }, errors: FieldErrors, status = 200) {
    const { agentId, procedure, agents, list } = read;
    return renderPage(
      deps,
      request,
      reply,
      ExportPage,
      {
        procedure,
        list: list.values,
        agents,
        viewerId: agentId,
        previousExport: await findPreviousExportTime(deps.db, agentId, procedure.id),
        values: input,
        errors,
        directMax: directExportMaxRows(),
      },
      status,
    );
  }

  app.get<ProcedureParams>("/instruction/:procedureSlug/export", agentOnly, async (request, reply) => {
    const read = await readList(request, request.query as Record<string, unknown>);
    const errors = read.list.errors;
    return formPage(request, reply, read, { format: "xlsx", depuis: false }, errors, Object.keys(errors).length > 0 ? 422 : 200);
  });

  app.post<ProcedureParams>("/instruction/:procedureSlug/export", agentOnly, async (request, reply) => {
    const form = readForm(request.body, ["format", "statut", "agent", "echange", "tri", "recherche", "depuis"]);
    const read = await readList(request, form);
    const input = { format: form.format, depuis: form.depuis === "oui" };
    const errors: FieldErrors = { ...read.list.errors };
    if (!(FORMATS as string[]).includes(form.format)) errors.format = "Choisissez le format du fichier : Excel, OpenDocument ou CSV.";
    if (Object.keys(errors).length > 0) return formPage(request, reply, read, input, errors, 422);
    const { agentId, procedure } = read;
    const format = form.format as RequestExportFormat;
    const prepared = await prepareExport(deps, { procedure, agentId, choice: { format, list: read.list.values, sinceLastExport: input.depuis } }, { ip: request.ip });
    if (prepared.kind === "job") return reply.redirect(exportStatusUrl(procedure.slug, prepared.exportId), 303);
    const body = new PassThrough();
    // The response has begun when a database error happens: the download is cut, never a page with a 200.
    writeDirectExport(deps, { procedure, filter: prepared.filter, format, out: body }).catch((error: unknown) => {
      request.log.error({ err: error }, "export failed while streaming");
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return downloadHeaders(reply, format, exportFileName(procedure.slug, deps.clock.now(), format)).send(body);
  });

  /** The author's export of this procedure, or 404 (another agent's, another procedure's, a malformed id). */
  async function ownExportOr404(request: FastifyRequest<ExportParams>) {
    const agentId = sessionOf(request).accountId;
    const procedure = await agentProcedureOr404(deps.db, agentId, request.params.procedureSlug);
    if (!uuidPattern.test(request.params.exportId)) throw new NotFoundError();
    const found = await findRequestExport(deps.db, request.params.exportId, agentId, procedure.id);
    if (!found || found.status === "delivered") throw new NotFoundError();
    return { procedure, requestExport: found };
  }

  app.get<ExportParams>("/instruction/:procedureSlug/exports/:exportId", agentOnly, async (request, reply) => {
    const own = await ownExportOr404(request);
    return renderPage(deps, request, reply, ExportStatusPage, { ...own, agents: await listProcedureAgents(deps.db, own.procedure.id), viewerId: sessionOf(request).accountId });
  });

  app.get<ExportParams>("/instruction/:procedureSlug/exports/:exportId/fichier", agentOnly, async (request, reply) => {
    const { procedure, requestExport } = await ownExportOr404(request);
    if (requestExport.status !== "ready" || !requestExport.storageKey || (requestExport.expiresAt && requestExport.expiresAt <= deps.clock.now())) throw new NotFoundError();
    const file = await objectStorageFor(deps.config)
      .open(exportObjectKey(requestExport.storageKey))
      .catch((error: unknown) => {
        if (error instanceof StoredFileNotFoundError) throw new NotFoundError();
        throw error;
      });
    return downloadHeaders(reply, requestExport.format, exportFileName(procedure.slug, requestExport.createdAt, requestExport.format))
      .header("content-length", file.size)
      .send(file.stream);
  });
}
