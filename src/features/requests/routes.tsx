import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field, readForm } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { sendUploadAsAttachment } from "../../platform/uploads/download.ts";
import { registerMultipartForm } from "../../platform/uploads/multipart-form.ts";
import { UploadNotFoundError } from "../../platform/uploads/uploads.ts";
import { isUuid } from "../../core/organisations/access.ts";
import { requestedDocuments } from "../../core/procedures/answers/check-answers.ts";
import type { PostedForm } from "../../core/procedures/answers/values.ts";
import type { DocumentRequest, ProcedureDefinition, Step } from "../../core/procedures/definition/schema.ts";
import { catalogueRoutes } from "./catalogue-routes.ts";
import { abandonRequest } from "./abandon-request.ts";
import { shownSteps } from "../../core/requests/completeness.ts";
import { describeStep } from "./describe-step.ts";
import { RequestNotEditableError } from "../../core/requests/errors.ts";
import { applyGroupAction, errorLabels } from "../../core/requests/fields/index.ts";
import { renderFilingReceipt, renderRequestSummary } from "../../core/requests/pdf.ts";
import { isEditable } from "../../core/requests/policies.ts";
import { answersByStep, statusLabels } from "../../core/requests/presentation.ts";
import { provideDocument, removeDocument, TooManyFilesError } from "./provide-document.ts";
import { findApplicantName, findApplicantRequest, findRequestDocumentByUpload, findVersionDefinition, listApplicantRequests, listRequestDocuments, listVisibleEvents, type ApplicantRequest } from "../../core/requests/queries/requests.ts";
import { loadListPanels, loadPanels } from "../../ui/panels.ts";
import type { ApplicantRequestPanels } from "./panels.ts";
import { KeptDrafts } from "../../core/requests/kept-drafts.ts";
import { saveStep, saveStepIfUnchanged, type SaveStepOutcome } from "../../core/requests/save-step.ts";
import { submitRequest } from "../../core/requests/submit-request.ts";
import { documentLines } from "../../core/requests/completeness.ts";
import {
  AbandonPage,
  ConsultPage,
  FiledPage,
  HistoryPage,
  MyRequestsPage,
  requestPaths,
  STEP_ACTION,
  STEP_ACTIONS,
  StepPage,
  FILE_INPUT,
  REPLACES_INPUT,
  type StepPageProps,
} from "./views.tsx";

const signedIn = { preHandler: requireAccount };
/** The largest document a definition may ask for (`taille_max_mo` ≤ 50): the parser stops there. */
const LARGEST_DOCUMENT_BYTES = 50 * 1024 * 1024;
const MEGABYTE = 1024 * 1024;

type IdParams = { Params: { id: string } };

const abandonForm = defineForm({ confirmation: field.choice(["oui"], { required: "Cochez la case pour confirmer l'abandon de votre demande." }) });
type StepParams = { Params: { id: string; stepId: string } };
type PieceParams = { Params: { id: string; pieceId: string } };

/**
 * A clock reading formatted once per minute: formatting in a time zone cost 1 % of a draft's save,
 * and the day and the minute in Paris only change on a minute's boundary (whole-hour offsets).
 */
function perMinute(format: (date: Date) => string) {
  let minute = Number.NaN;
  let formatted = "";
  return (date: Date) => {
    const now = Math.floor(date.getTime() / 60_000);
    if (now !== minute) {
      formatted = format(date);
      minute = now;
    }
    return formatted;
  };
}
const todayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" });
const todayInParis = perMinute((date) => todayFormat.format(date));
/** Today in Europe/Paris, "AAAA-MM-JJ", for dates that must be past or future. */
const today = (deps: Deps) => todayInParis(deps.clock.now());
const timeFormat = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" });
const timeInParis = perMinute((date) => timeFormat.format(date).replace(":", " h "));
/** The time now in Europe/Paris as French writes it: "14 h 05". */
const timeOfDay = (deps: Deps) => timeInParis(deps.clock.now());

/** The signed-in person's request and its definition; anyone else's (or an unknown id) is a 404. */
async function ownRequest(deps: Deps, request: FastifyRequest, id: string): Promise<{ own: ApplicantRequest; definition: ProcedureDefinition }> {
  if (!isUuid(id)) throw new NotFoundError();
  const own = await findApplicantRequest(deps.db, id, sessionOf(request).accountId);
  if (!own) throw new NotFoundError();
  return { own, definition: await findVersionDefinition(deps.db, own.procedureVersionId) };
}

/** A document a draft's shown step asks for now. */
function askedDocument(definition: ProcedureDefinition, own: ApplicantRequest, documentId: string): DocumentRequest | undefined {
  for (const step of shownSteps(definition, own.answers)) {
    const document = requestedDocuments(definition, step.id, own.answers).find((candidate) => candidate.id === documentId);
    if (document) return document;
  }
  return undefined;
}

function stepOfDocument(definition: ProcedureDefinition, documentId: string) {
  return definition.étapes.find((step) => (step.pièces ?? []).some((document) => document.id === documentId));
}

/** The body as the step's checks read it: everything but the token and the buttons. */
function postedForm(body: unknown): PostedForm {
  const form: PostedForm = { ...(typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {}) };
  delete form._csrf;
  delete form[STEP_ACTION];
  return form;
}

async function renderStep(deps: Deps, request: FastifyRequest, reply: FastifyReply, own: ApplicantRequest, definition: ProcedureDefinition, stepId: string, extra: Partial<StepPageProps> = {}, status = 200) {
  const step = shownSteps(definition, own.answers).find((candidate) => candidate.id === stepId);
  if (!step) throw new NotFoundError();
  const props = await describeStep(deps.db, own, definition, step, today(deps));
  return renderPage(deps, request, reply, StepPage, { ...props, ...extra }, status);
}

/**
 * The applicant's side of requests: the catalogue of procedures, starting a draft, the request
 * page step by step with its documents, submission with the filing receipt, "Mes demandes",
 * abandon, the summary sheet and the history. Every request page is its applicant's only: any
 * other person gets the same 404 as for a request that does not exist.
 */
export const requestRoutes = (panels: ApplicantRequestPanels) => async (app: FastifyInstance, deps: Deps) => {
  catalogueRoutes(app, deps);

  app.get("/demandes", signedIn, async (request, reply) => {
    const now = deps.clock.now();
    const requests = (await listApplicantRequests(deps.db, sessionOf(request).accountId)).map((row) => ({ ...row, now }));
    const links = await loadListPanels(panels.listLinks, deps.db, requests);
    return renderPage(deps, request, reply, MyRequestsPage, { requests, now, links });
  });

  app.get<IdParams>("/demandes/:id", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    if (isEditable(own.status)) {
      const steps = shownSteps(definition, own.answers);
      const step = steps.find((candidate) => candidate.id === own.currentStep) ?? steps[0]!;
      return reply.redirect(requestPaths.step(own.id, step.id), 303);
    }
    const labels = new Map(definition.étapes.flatMap((step) => (step.pièces ?? []).map((document) => [document.id, document.libellé] as const)));
    const documents = (await listRequestDocuments(deps.db, own.id)).map((document) => ({ ...document, label: labels.get(document.documentId) ?? document.documentId }));
    const host = { ...own, now: deps.clock.now() };
    const [links, sections] = await Promise.all([loadPanels(panels.links, deps.db, host), loadPanels(panels.sections, deps.db, host)]);
    return renderPage(deps, request, reply, ConsultPage, { request: own, definition, documents, links, sections });
  });

  app.get<IdParams>("/demandes/:id/deposee", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    if (!own.number) throw new NotFoundError();
    return renderPage(deps, request, reply, FiledPage, { request: own, title: definition.titre });
  });

  app.post<IdParams>("/demandes/:id/deposer", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    return submit(request, reply, own, definition, own.currentStep ?? definition.étapes[0]!.id);
  });

  async function submit(request: FastifyRequest, reply: FastifyReply, own: ApplicantRequest, definition: ProcedureDefinition, stepId: string) {
    const outcome = await submitRequest(deps, { requestId: own.id, accountId: sessionOf(request).accountId, definition });
    if (outcome.filed) return reply.redirect(requestPaths.filed(own.id), 303);
    const shown = shownSteps(definition, own.answers);
    const step = shown.find((candidate) => candidate.id === stepId) ?? shown[0]!;
    return renderStep(deps, request, reply, own, definition, step.id, { submitRefused: true }, 422);
  }

  // Drafts as their applicant last read or saved them here: the next save writes without reading
  // the request again while nothing wrote it since (core/requests/kept-drafts.ts).
  const keptDrafts = new KeptDrafts();

  app.get<StepParams>("/demandes/:id/:stepId", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    if (!isEditable(own.status)) return reply.redirect(requestPaths.request(own.id), 303);
    keptDrafts.keep(own);
    return renderStep(deps, request, reply, own, definition, request.params.stepId);
  });

  app.post<StepParams>("/demandes/:id/:stepId", signedIn, async (request, reply) => {
    const kept = keptDrafts.take(request.params.id, sessionOf(request).accountId);
    if (kept) {
      const answered = await saveKeptStep(request, reply, kept);
      if (answered) return answered.sent;
      keptDrafts.drop(kept.id);
    }
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    if (!isEditable(own.status)) throw new RequestNotEditableError();
    const step = shownSteps(definition, own.answers).find((candidate) => candidate.id === request.params.stepId);
    if (!step) throw new NotFoundError();
    const { action } = readForm(request.body, [STEP_ACTION]);
    const posted = postedForm(request.body);
    // "Ajouter une ligne" / "Supprimer": the same step again with the row added or removed, nothing saved.
    const group = action === STEP_ACTIONS.autosave ? undefined : applyGroupAction(definition, step, posted);
    if (group?.requested) return renderStep(deps, request, reply, own, definition, step.id, { posted: group.form, autofocus: group.focus });
    const saved = await saveStep(deps, { request: own, definition, stepId: step.id, form: posted, today: today(deps) });
    return answerSaved(request, reply, own, definition, step, action, posted, saved);
  });

  /**
   * The step saved from the draft kept in memory, in one statement, and the answer sent; undefined
   * (nothing written) when the kept draft does not allow it or no longer holds: the route then
   * reads the request.
   */
  async function saveKeptStep(request: FastifyRequest<StepParams>, reply: FastifyReply, kept: ApplicantRequest) {
    const definition = await findVersionDefinition(deps.db, kept.procedureVersionId);
    const step = shownSteps(definition, kept.answers).find((candidate) => candidate.id === request.params.stepId);
    if (!step) return undefined;
    const { action } = readForm(request.body, [STEP_ACTION]);
    const posted = postedForm(request.body);
    if (action !== STEP_ACTIONS.autosave && applyGroupAction(definition, step, posted).requested) return undefined;
    const saved = await saveStepIfUnchanged(deps, { request: kept, accountId: sessionOf(request).accountId, definition, stepId: step.id, form: posted, today: today(deps) });
    return saved && { sent: await answerSaved(request, reply, kept, definition, step, action, posted, saved) };
  }

  /** After a step's save: the autosave's answer, the step again with its errors, the list, the filing, or the next step. */
  async function answerSaved(
    request: FastifyRequest,
    reply: FastifyReply,
    own: ApplicantRequest,
    definition: ProcedureDefinition,
    step: Step,
    action: string | undefined,
    posted: PostedForm,
    saved: SaveStepOutcome,
  ) {
    const updated: ApplicantRequest = { ...own, answers: saved.answers, currentStep: step.id };
    // Saved in one statement: kept as the database now has it. Otherwise read again next time.
    if (saved.saved) keptDrafts.keep({ ...updated, ...saved.saved });
    else keptDrafts.drop(own.id);
    // The script's save as the person types: stored like « Poursuivre plus tard », errors shown later.
    if (action === STEP_ACTIONS.autosave) return reply.header("cache-control", "no-store").send({ savedAt: timeOfDay(deps), invalid: Object.keys(saved.errors).length });
    if (Object.keys(saved.errors).length > 0) {
      return renderStep(deps, request, reply, updated, definition, step.id, { posted, errors: saved.errors, errorLabels: errorLabels(step, saved.errors) }, 422);
    }
    if (action === STEP_ACTIONS.later) return redirectWithFlash(reply, requestPaths.list, "request-saved");
    if (action === STEP_ACTIONS.submit) return submit(request, reply, updated, definition, step.id);
    if (action === STEP_ACTIONS.next) {
      const steps = shownSteps(definition, saved.answers);
      const next = steps[steps.findIndex((candidate) => candidate.id === step.id) + 1];
      if (next) return reply.redirect(requestPaths.step(own.id, next.id), 303);
    }
    return reply.redirect(requestPaths.step(own.id, step.id), 303);
  }

  app.get<PieceParams>("/demandes/:id/pieces/:pieceId", signedIn, async (request, reply) => {
    const { own } = await ownRequest(deps, request, request.params.id);
    if (!isUuid(request.params.pieceId)) throw new NotFoundError();
    const document = await findRequestDocumentByUpload(deps.db, own.id, request.params.pieceId);
    if (!document) throw new NotFoundError();
    try {
      return await sendUploadAsAttachment(reply, deps, document);
    } catch (error) {
      if (error instanceof UploadNotFoundError) throw new NotFoundError();
      throw error;
    }
  });

  app.post<PieceParams>("/demandes/:id/pieces/:pieceId/supprimer", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    if (!isUuid(request.params.pieceId)) throw new NotFoundError();
    const document = await findRequestDocumentByUpload(deps.db, own.id, request.params.pieceId);
    if (!document) throw new NotFoundError();
    await removeDocument(deps, { requestId: own.id, uploadId: document.uploadId, accountId: sessionOf(request).accountId });
    const step = stepOfDocument(definition, document.documentId);
    return redirectWithFlash(reply, step ? requestPaths.step(own.id, step.id) : requestPaths.request(own.id), "document-removed");
  });

  await app.register(async (scope) => documentUploadRoutes(scope, deps));

  app.get<IdParams>("/demandes/:id/recepisse.pdf", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    if (!own.number || !own.filedAt) throw new NotFoundError();
    const documents = await listRequestDocuments(deps.db, own.id);
    const pdf = await renderFilingReceipt({
      brand: deps.config.brand,
      title: "Récépissé de dépôt",
      procedureTitle: definition.titre,
      number: own.number,
      applicant: await findApplicantName(deps.db, own.applicantId),
      date: own.filedAt,
      documents: documentLines(definition, documents),
    });
    return sendPdf(reply, pdf, `recepisse-${own.number}.pdf`);
  });

  app.get<IdParams>("/demandes/:id/recapitulatif.pdf", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    const documents = await listRequestDocuments(deps.db, own.id);
    const pdf = await renderRequestSummary({
      brand: deps.config.brand,
      title: "Récapitulatif de la demande",
      procedureTitle: definition.titre,
      number: own.number,
      applicant: await findApplicantName(deps.db, own.applicantId),
      date: deps.clock.now(),
      status: statusLabels[own.status],
      createdAt: own.createdAt,
      filedAt: own.filedAt,
      steps: answersByStep(definition, own.answers).map(({ step, rows }) => ({ title: step.titre, rows })),
      documents: documentLines(definition, documents),
    });
    return sendPdf(reply, pdf, `recapitulatif-${own.number ?? "brouillon"}.pdf`);
  });

  app.get<IdParams>("/demandes/:id/historique", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    const events = await listVisibleEvents(deps.db, own.id);
    return renderPage(deps, request, reply, HistoryPage, { request: own, title: definition.titre, events });
  });

  app.get<IdParams>("/demandes/:id/abandonner", signedIn, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    return renderPage(deps, request, reply, AbandonPage, { request: own, title: definition.titre });
  });

  app.post<IdParams>(
    "/demandes/:id/abandonner",
    signedIn,
    formRoute(
      deps,
      {
        form: abandonForm,
        page: AbandonPage,
        // The page has one checkbox: its message is the page's only error.
        invalid: async ({ errors }, request: FastifyRequest<IdParams>) => {
          const { own, definition } = await ownRequest(deps, request, request.params.id);
          return { request: own, title: definition.titre, error: errors.confirmation };
        },
      },
      async (request, reply) => {
        const { own } = await ownRequest(deps, request, request.params.id);
        await abandonRequest(deps, { requestId: own.id, accountId: sessionOf(request).accountId });
        return redirectWithFlash(reply, requestPaths.list, "request-abandoned");
      },
    ),
  );
};

function sendPdf(reply: FastifyReply, pdf: Buffer, fileName: string) {
  return reply
    .header("content-type", "application/pdf")
    .header("content-disposition", `attachment; filename="${fileName}"`)
    .header("x-content-type-options", "nosniff")
    .header("cache-control", "private, no-store")
    .send(pdf);
}

/**
 * Uploads: the multipart parser lives in this scope only (platform/uploads/multipart-form.ts).
 * The file is streamed straight to the store with the document's own formats and size as soon
 * as the parser meets it, before the CSRF check; one not handed over to provideDocument is
 * deleted when the response is sent.
 */
async function documentUploadRoutes(scope: FastifyInstance, deps: Deps) {
  const form = await registerMultipartForm(scope, deps, {
    maxFileBytes: LARGEST_DOCUMENT_BYTES,
    fields: 4,
    fieldBytes: 1024,
    async fileRules(request, part, session) {
      const { id, pieceId } = request.params as { id?: string; pieceId?: string };
      if (!isUuid(id) || part.fieldname !== FILE_INPUT) return undefined;
      const own = await findApplicantRequest(deps.db, id, session.accountId);
      if (!own || !isEditable(own.status)) return undefined;
      const document = askedDocument(await findVersionDefinition(deps.db, own.procedureVersionId), own, pieceId ?? "");
      return document && { accepted: document.formats, maxBytes: document.taille_max_mo * MEGABYTE };
    },
  });

  // Checked on request, before the body is read: nobody else makes the server read 50 MB.
  scope.post<PieceParams>("/demandes/:id/pieces/:pieceId", { onRequest: requireAccount }, async (request, reply) => {
    const { own, definition } = await ownRequest(deps, request, request.params.id);
    if (!isEditable(own.status)) throw new RequestNotEditableError();
    const document = askedDocument(definition, own, request.params.pieceId);
    if (!document) throw new NotFoundError();
    const step = stepOfDocument(definition, document.id)!;
    const { fields, file } = form.read(request, [REPLACES_INPUT]);
    const refuse = (message: string) => renderStep(deps, request, reply, own, definition, step.id, { documentErrors: { [document.id]: message } }, 422);
    if (file.kind === "none") return refuse("Choisissez un fichier à joindre.");
    if (file.kind === "refused") return refuse(file.message);
    const replacing = isUuid(fields[REPLACES_INPUT]) ? fields[REPLACES_INPUT] : null;
    form.keep(request);
    try {
      await provideDocument(deps, { requestId: own.id, documentId: document.id, upload: file.upload, accountId: sessionOf(request).accountId, replacing });
    } catch (error) {
      if (error instanceof TooManyFilesError) return refuse(error.message);
      throw error;
    }
    return redirectWithFlash(reply, requestPaths.step(own.id, step.id), "document-provided");
  });
}
