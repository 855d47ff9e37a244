import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { PassThrough } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { agentProcedureOr404, requireAgent } from "../../core/requests/agent-policies.ts";
import { findPreviousExportTime, findRequestExport } from "../../core/requests/queries/export.ts";
import type { RequestExportFormat } from "../../platform/db/schema.ts";
import { sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { attachmentDisposition } from "../../platform/uploads/file-names.ts";
import { renderPage } from "../../ui/render.ts";
import type { FieldErrors } from "../../ui/context.ts";
import { directExportMaxRows, exportFileName, exportFilePath, prepareExport, writeDirectExport } from "./export-requests.ts";
import { exportStatusUrl, ExportPage, ExportStatusPage, FORMAT_OPTIONS } from "./export-views.tsx";
import { EXPORT_CONTENT_TYPES } from "./export-writers.ts";
import { parseFilter, parseSearch } from "./filters.ts";

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
  async function formPage(request: FastifyRequest, reply: FastifyReply, slug: string, input: { statut: string; recherche: string; format: string; depuis: boolean }, errors: FieldErrors, status = 200) {
    const agentId = sessionOf(request).accountId;
    const procedure = await agentProcedureOr404(deps.db, agentId, slug);
    const { text } = parseSearch(input.recherche);
    return renderPage(
      deps,
      request,
      reply,
      ExportPage,
      {
        procedure,
        filter: parseFilter(input.statut),
        search: text,
        previousExport: await findPreviousExportTime(deps.db, agentId, procedure.id),
        values: { format: input.format, depuis: input.depuis },
        errors,
        directMax: directExportMaxRows(),
      },
      status,
    );
  }

  app.get<ProcedureParams & { Querystring: { statut?: string; recherche?: string } }>("/instruction/:procedureSlug/export", agentOnly, async (request, reply) => {
    const statut = typeof request.query.statut === "string" ? request.query.statut : "";
    const recherche = typeof request.query.recherche === "string" ? request.query.recherche : "";
    const { error } = parseSearch(recherche);
    return formPage(request, reply, request.params.procedureSlug, { statut, recherche, format: "xlsx", depuis: false }, error ? { recherche: error } : {}, error ? 422 : 200);
  });

  app.post<ProcedureParams>("/instruction/:procedureSlug/export", agentOnly, async (request, reply) => {
    const form = readForm(request.body, ["format", "statut", "recherche", "depuis"]);
    const input = { statut: form.statut, recherche: form.recherche, format: form.format, depuis: form.depuis === "oui" };
    const errors: FieldErrors = {};
    if (!(FORMATS as string[]).includes(form.format)) errors.format = "Choisissez le format du fichier : Excel, OpenDocument ou CSV.";
    const searchError = parseSearch(form.recherche).error;
    if (searchError) errors.recherche = searchError;
    if (Object.keys(errors).length > 0) return formPage(request, reply, request.params.procedureSlug, input, errors, 422);
    const agentId = sessionOf(request).accountId;
    const procedure = await agentProcedureOr404(deps.db, agentId, request.params.procedureSlug);
    const format = form.format as RequestExportFormat;
    const prepared = await prepareExport(
      deps,
      { procedure, agentId, choice: { format, statusFilter: form.statut, search: parseSearch(form.recherche).text, sinceLastExport: input.depuis } },
      { ip: request.ip },
    );
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

  app.get<ExportParams>("/instruction/:procedureSlug/exports/:exportId", agentOnly, async (request, reply) =>
    renderPage(deps, request, reply, ExportStatusPage, await ownExportOr404(request)),
  );

  app.get<ExportParams>("/instruction/:procedureSlug/exports/:exportId/fichier", agentOnly, async (request, reply) => {
    const { procedure, requestExport } = await ownExportOr404(request);
    if (requestExport.status !== "ready" || !requestExport.storageKey || (requestExport.expiresAt && requestExport.expiresAt <= deps.clock.now())) throw new NotFoundError();
    const file = exportFilePath(deps, requestExport.storageKey);
    const size = await stat(file).then(
      (info) => info.size,
      () => null,
    );
    if (size === null) throw new NotFoundError();
    return downloadHeaders(reply, requestExport.format, exportFileName(procedure.slug, requestExport.createdAt, requestExport.format))
      .header("content-length", size)
      .send(createReadStream(file));
  });
}
