import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { registerMultipartForm } from "../../platform/uploads/multipart-form.ts";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { isUuid } from "../../core/organisations/access.ts";
import type { Answers, PostedForm } from "../../core/procedures/answers/values.ts";
import type { ProcedureDefinition, Step } from "../../core/procedures/definition/schema.ts";
import { shownSteps } from "../../core/requests/completeness.ts";
import { applyGroupAction, errorLabels } from "../../core/requests/fields/index.ts";
import { parisDay } from "../../core/requests/prefill/resolve-prefill.ts";
import { stepPrefill } from "../../core/requests/prefill/step-prefill.ts";
import { findApplicantRequest, findRequestDocumentByUpload, findVersionDefinition, listRequestDocuments, type ApplicantRequest } from "../../core/requests/queries/requests.ts";
import { requestedDocuments } from "../../core/procedures/answers/check-answers.ts";
import { FILE_INPUT, REPLACES_INPUT } from "../../core/requests/fields/index.ts";
import { renewalRefusal, updateRefusal, validityEnd } from "../../core/requests/validity.ts";
import { DocumentUpdateRefusedError, OPEN_CONTRIBUTION, RenewalRefusedError, UpdateConflictError } from "./errors.ts";
import { removeUpdateDocument, updatableDocument, updateDocument } from "./update-documents.ts";
import { listRequestAsks } from "../../core/requests/queries/asks.ts";
import { renewRequest } from "./renew-request.ts";
import { saveUpdateStep } from "./update-request.ts";
import { RefusedPage, renewalPaths, RenewPage, UpdatePage, UpdateStepPage, VERSION_INPUT } from "./views.tsx";

const signedIn = { preHandler: requireAccount };

type IdParams = { Params: { id: string } };
type StepParams = { Params: { id: string; stepId: string } };
type PieceParams = { Params: { id: string; pieceId: string } };

/** The largest document a definition may ask for (`taille_max_mo` ≤ 50): the parser stops there. */
const LARGEST_DOCUMENT_BYTES = 50 * 1024 * 1024;
const MEGABYTE = 1024 * 1024;

const UPDATE_TITLE = "Mettre à jour ma demande";
const RENEW_TITLE = "Renouveler ma demande";

/** The body as the step's checks read it: everything but the token, the button and the version. */
function postedForm(body: unknown): PostedForm {
  const form: PostedForm = { ...(typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {}) };
  delete form._csrf;
  delete form.action;
  delete form[VERSION_INPUT];
  return form;
}

/** The version the page was read at; a missing or garbled one reads as -1 (a conflict, never a silent overwrite). */
function postedVersion(body: unknown): number {
  const raw = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[VERSION_INPUT] : undefined;
  return typeof raw === "string" && /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

/**
 * Updating a filed request and renewing it (issue 12), from the applicant's side: "Mettre à jour
 * ma demande" (the steps, each editable and saved at once) and "Renouveler ma demande" (a
 * confirmation). Another person's request, or an unknown id, is a 404; a request the rules do
 * not allow (decided, closed, abandoned, expired; a procedure without updates) gets its reason (409).
 */
export async function requestRenewalRoutes(app: FastifyInstance, deps: Deps) {
  async function ownRequest(request: FastifyRequest, id: string): Promise<{ own: ApplicantRequest; definition: ProcedureDefinition }> {
    if (!isUuid(id)) throw new NotFoundError();
    const own = await findApplicantRequest(deps.db, id, sessionOf(request).accountId);
    if (!own || !own.number) throw new NotFoundError();
    return { own, definition: await findVersionDefinition(deps.db, own.procedureVersionId) };
  }

  const refused = (request: FastifyRequest, reply: FastifyReply, own: ApplicantRequest, definition: ProcedureDefinition, title: string, reason: string) =>
    renderPage(deps, request, reply, RefusedPage, { request: own, definition, title, reason }, 409);

  const today = () => parisDay(deps.clock.now());

  /** Why the request cannot be updated now (its state, an open contribution for modification), or null. */
  async function whyNoUpdate(own: ApplicantRequest, definition: ProcedureDefinition): Promise<string | null> {
    const refusal = updateRefusal(definition, own.status);
    if (refusal) return refusal;
    const asks = await listRequestAsks(deps.db, own.id);
    return asks.some((ask) => ask.kind === "modification" && ask.status === "open") ? OPEN_CONTRIBUTION : null;
  }
  const prefillOf = (own: ApplicantRequest, definition: ProcedureDefinition, step: Step, answers: Answers) =>
    stepPrefill(deps.db, { request: { ...own, answers }, definition, step, today: today() });

  app.get<IdParams>("/demandes/:id/mise-a-jour", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(request, request.params.id);
    const refusal = await whyNoUpdate(own, definition);
    if (refusal) return refused(request, reply, own, definition, UPDATE_TITLE, refusal);
    const steps = shownSteps(definition, own.answers);
    const documents = await listRequestDocuments(deps.db, own.id);
    const slots = Object.fromEntries(steps.map((step) => [step.id, requestedDocuments(definition, step.id, own.answers).map((document) => ({ document, files: documents.filter((file) => file.documentId === document.id) }))]));
    return renderPage(deps, request, reply, UpdatePage, { request: own, definition, steps, answers: own.answers, slots });
  });

  async function updatableStep(request: FastifyRequest, id: string, stepId: string) {
    const { own, definition } = await ownRequest(request, id);
    const step = shownSteps(definition, own.answers).find((candidate) => candidate.id === stepId);
    if (!step) throw new NotFoundError();
    return { own, definition, step };
  }

  async function renderUpdateStep(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { stepId?: string; posted?: PostedForm; errors?: Record<string, string>; conflict?: string; autofocus?: string | undefined; documentErrors?: Record<string, string> } = {},
    status = 200,
  ) {
    const { id, stepId } = request.params as { id: string; stepId?: string };
    const { own, definition, step } = await updatableStep(request, id, extra.stepId ?? stepId ?? "");
    const refusal = await whyNoUpdate(own, definition);
    if (refusal) return refused(request, reply, own, definition, UPDATE_TITLE, refusal);
    const prefill = await prefillOf(own, definition, step, own.answers);
    const errors = extra.errors ?? {};
    const documents = await listRequestDocuments(deps.db, own.id);
    const slots = requestedDocuments(definition, step.id, own.answers).map((document) => ({ document, files: documents.filter((file) => file.documentId === document.id) }));
    return renderPage(
      deps,
      request,
      reply,
      UpdateStepPage,
      { request: own, definition, step, answers: prefill.answers, prefill: prefill.notes, version: own.answersVersion, posted: extra.posted, errors, errorLabels: errorLabels(step, errors), conflict: extra.conflict, autofocus: extra.autofocus, slots, documentErrors: extra.documentErrors },
      status,
    );
  }

  app.get<StepParams>("/demandes/:id/mise-a-jour/:stepId", signedIn, async (request, reply) => renderUpdateStep(request, reply));

  app.post<StepParams>("/demandes/:id/mise-a-jour/:stepId", signedIn, async (request, reply) => {
    const { own, definition, step } = await updatableStep(request, request.params.id, request.params.stepId);
    const posted = postedForm(request.body);
    // "Ajouter une ligne" / "Supprimer": the same step again with the row added or removed, nothing saved.
    const group = applyGroupAction(definition, step, posted);
    if (group.requested) return renderUpdateStep(request, reply, { posted: group.form, autofocus: group.focus });
    try {
      const saved = await saveUpdateStep(
        deps,
        { requestId: own.id, accountId: sessionOf(request).accountId, stepId: step.id, form: posted, today: today(), version: postedVersion(request.body) },
        { ip: request.ip },
      );
      if (Object.keys(saved.errors).length > 0) return renderUpdateStep(request, reply, { posted, errors: saved.errors }, 422);
      return redirectWithFlash(reply, renewalPaths.update(own.id), saved.changes.length > 0 ? "request-updated" : "request-update-unchanged");
    } catch (error) {
      if (error instanceof RenewalRefusedError) return refused(request, reply, own, definition, UPDATE_TITLE, error.reason);
      if (error instanceof UpdateConflictError) return renderUpdateStep(request, reply, { conflict: error.message }, 409);
      throw error;
    }
  });

  /** A refused document change: the step of the document again, its message under the document (422), or the conflict (409). */
  async function documentRefused(request: FastifyRequest, reply: FastifyReply, own: ApplicantRequest, definition: ProcedureDefinition, stepId: string, documentId: string, error: unknown) {
    if (error instanceof RenewalRefusedError) return refused(request, reply, own, definition, UPDATE_TITLE, error.reason);
    if (error instanceof UpdateConflictError) return renderUpdateStep(request, reply, { stepId, conflict: error.message }, 409);
    if (error instanceof DocumentUpdateRefusedError) return renderUpdateStep(request, reply, { stepId, documentErrors: { [documentId]: error.message } }, 422);
    throw error;
  }

  app.post<PieceParams>("/demandes/:id/mise-a-jour/pieces/:pieceId/supprimer", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(request, request.params.id);
    if (!isUuid(request.params.pieceId)) throw new NotFoundError();
    const provided = await findRequestDocumentByUpload(deps.db, own.id, request.params.pieceId);
    const asked = provided && updatableDocument(definition, own.answers, provided.documentId);
    if (!provided || !asked) throw new NotFoundError();
    try {
      await removeUpdateDocument(deps, { requestId: own.id, accountId: sessionOf(request).accountId, uploadId: provided.uploadId, version: postedVersion(request.body) }, { ip: request.ip });
    } catch (error) {
      return documentRefused(request, reply, own, definition, asked.step.id, provided.documentId, error);
    }
    return redirectWithFlash(reply, renewalPaths.updateStep(own.id, asked.step.id), "request-updated");
  });

  await app.register(async (scope) => {
    // Uploads: the one multipart reader, in this scope only. The file is streamed to the store
    // under the document's own formats and size (checked by content) before the CSRF check; one
    // not handed over to updateDocument is deleted when the response is sent.
    const form = await registerMultipartForm(scope, deps, {
      maxFileBytes: LARGEST_DOCUMENT_BYTES,
      fields: 4,
      fieldBytes: 1024,
      async fileRules(request, part, session) {
        const { id, pieceId } = request.params as { id?: string; pieceId?: string };
        if (!isUuid(id) || part.fieldname !== FILE_INPUT) return undefined;
        const own = await findApplicantRequest(deps.db, id, session.accountId);
        if (!own?.number) return undefined;
        const definition = await findVersionDefinition(deps.db, own.procedureVersionId);
        if (updateRefusal(definition, own.status)) return undefined;
        const document = updatableDocument(definition, own.answers, pieceId ?? "")?.document;
        return document && { accepted: document.formats, maxBytes: document.taille_max_mo * MEGABYTE };
      },
    });

    // Checked on request, before the body is read: nobody else makes the server read 50 MB.
    scope.post<PieceParams>("/demandes/:id/mise-a-jour/pieces/:pieceId", { onRequest: requireAccount }, async (request, reply) => {
      const { own, definition } = await ownRequest(request, request.params.id);
      const refusal = await whyNoUpdate(own, definition);
      if (refusal) return refused(request, reply, own, definition, UPDATE_TITLE, refusal);
      const asked = updatableDocument(definition, own.answers, request.params.pieceId);
      if (!asked) throw new NotFoundError();
      const { fields, file } = form.read(request, [REPLACES_INPUT, VERSION_INPUT]);
      const refuse = (message: string) => renderUpdateStep(request, reply, { stepId: asked.step.id, documentErrors: { [asked.document.id]: message } }, 422);
      if (file.kind === "none") return refuse("Choisissez un fichier à joindre.");
      if (file.kind === "refused") return refuse(file.message);
      const replacing = isUuid(fields[REPLACES_INPUT]) ? fields[REPLACES_INPUT] : null;
      form.keep(request);
      try {
        await updateDocument(
          deps,
          { requestId: own.id, accountId: sessionOf(request).accountId, documentId: asked.document.id, upload: file.upload, replacing, version: postedVersion(request.body) },
          { ip: request.ip },
        );
      } catch (error) {
        return documentRefused(request, reply, own, definition, asked.step.id, asked.document.id, error);
      }
      return redirectWithFlash(reply, renewalPaths.updateStep(own.id, asked.step.id), "request-updated");
    });
  });

  app.get<IdParams>("/demandes/:id/renouveler", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(request, request.params.id);
    const now = deps.clock.now();
    const refusal = renewalRefusal(own, now);
    const newValidUntil = validityEnd(definition, now);
    if (refusal || !own.validUntil || !newValidUntil) return refused(request, reply, own, definition, RENEW_TITLE, refusal ?? "Cette demande n'a pas de durée de validité : elle n'a pas à être renouvelée.");
    return renderPage(deps, request, reply, RenewPage, { request: own, definition, filedAt: own.filedAt, validUntil: own.validUntil, newValidUntil });
  });

  app.post<IdParams>("/demandes/:id/renouveler", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(request, request.params.id);
    try {
      await renewRequest(deps, { requestId: own.id, accountId: sessionOf(request).accountId }, { ip: request.ip });
    } catch (error) {
      if (error instanceof RenewalRefusedError) return refused(request, reply, own, definition, RENEW_TITLE, error.reason);
      throw error;
    }
    return redirectWithFlash(reply, renewalPaths.request(own.id), "request-renewed");
  });
}
