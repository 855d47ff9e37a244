import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field, readForm } from "../../platform/http/forms.ts";
import { formRoute, refusal, refusing } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { registerMultipartForm } from "../../platform/uploads/multipart-form.ts";
import { agentProcedureOr404, requireAgent } from "../../core/requests/agent-policies.ts";
import { findProcedureRequest } from "../../core/requests/queries/agents.ts";
import { isUuid } from "../../core/organisations/access.ts";
import type { Answers, PostedForm } from "../../core/procedures/answers/values.ts";
import type { ProcedureDefinition, Step } from "../../core/procedures/definition/schema.ts";
import { stepPrefill } from "../../core/requests/prefill/step-prefill.ts";
import { shownSteps } from "../../core/requests/completeness.ts";
import { applyGroupAction, errorLabels } from "../../core/requests/fields/index.ts";
import { findApplicantRequest, findVersionDefinition, listRequestDocuments, type ApplicantRequest } from "../../core/requests/queries/requests.ts";
import { addAnswerFile, TooManyAnswerFilesError } from "./add-answer-file.ts";
import { askDocuments, procedureDocuments } from "./ask-documents.ts";
import { askModification } from "./ask-modification.ts";
import { cancelAsk } from "./cancel-ask.ts";
import { AskClosedError } from "./errors.ts";
import { findAsk, findRequestAnswers, listRequestAsks } from "../../core/requests/queries/asks.ts";
import { removeAnswerFile } from "./remove-answer-file.ts";
import { saveContributionStep } from "./save-contribution-step.ts";
import { sendContribution } from "./send-contribution.ts";
import { sendDocumentsAnswer } from "./send-documents-answer.ts";
import {
  ANSWER_FILE_INPUT,
  askPaths,
  ContributionPage,
  ContributionStepPage,
  DocumentsAnswerPage,
  DocumentsAskPage,
  itemFieldName,
  ModificationAskPage,
  OTHER_ROWS,
} from "./views.tsx";

const agentOnly = { preHandler: requireAgent };
const signedIn = { preHandler: requireAccount };
const MEGABYTE = 1024 * 1024;
/** The largest file any asked document takes (a procedure's document: 50 MB at most). */
const LARGEST_FILE_BYTES = 50 * MEGABYTE;

type AgentParams = { Params: { procedureSlug: string; requestId: string } };
type IdParams = { Params: { id: string } };
type StepParams = { Params: { id: string; stepId: string } };
type AskParams = { Params: { id: string; askId: string } };

// The asks' rules need the request (its steps, its documents): the use cases check them. The
// checked boxes (steps, documents) are lists, read by `listOf`.
const modificationAskForm = defineForm({ message: field.text() });
const documentsAskForm = defineForm({
  message: field.text(),
  ...field.texts(OTHER_ROWS.flatMap((row) => [`autre-libelle-${row}`, `autre-aide-${row}`] as const)),
});

const todayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" });

/** Every value posted under a name (repeated checkboxes), as strings. */
function listOf(body: unknown, name: string): string[] {
  const value = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((item): item is string => typeof item === "string").map((item) => item.trim()).filter(Boolean);
}

/** The body as the step's checks read it: everything but the token and the save button. */
function postedForm(body: unknown): PostedForm {
  const form: PostedForm = { ...(typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {}) };
  delete form._csrf;
  delete form.action;
  return form;
}

/** The signed-in person's request (another person's, or an unknown id, is a 404). */
async function ownRequest(deps: Deps, request: FastifyRequest, id: string) {
  if (!isUuid(id)) throw new NotFoundError();
  const own = await findApplicantRequest(deps.db, id, sessionOf(request).accountId);
  if (!own) throw new NotFoundError();
  return { own, definition: await findVersionDefinition(deps.db, own.procedureVersionId) };
}

/** The person's documents ask, by id, while open; a closed one cannot be answered again (409). */
async function openDocumentsAsk(deps: Deps, request: FastifyRequest<AskParams>) {
  const { own, definition } = await ownRequest(deps, request, request.params.id);
  if (!isUuid(request.params.askId)) throw new NotFoundError();
  const ask = (await listRequestAsks(deps.db, own.id)).find((candidate) => candidate.id === request.params.askId && candidate.kind === "documents");
  if (!ask) throw new NotFoundError();
  if (ask.status !== "open" || own.status !== "in_instruction") throw new AskClosedError();
  return { own, definition, ask };
}
/**
 * The agent → applicant loop (issue 4): an agent asks for a contribution for modification (some
 * steps unlocked) or for additional documents; the applicant answers from their request page.
 * Agents reach only their procedures' requests, applicants only their own: anything else is 404.
 */
export async function requestAskRoutes(app: FastifyInstance, deps: Deps) {
  // ——— The agent's side ———

  async function agentRequestOr404(request: FastifyRequest<AgentParams>) {
    const agentId = sessionOf(request).accountId;
    const procedure = await agentProcedureOr404(deps.db, agentId, request.params.procedureSlug);
    if (!isUuid(request.params.requestId)) throw new NotFoundError();
    const found = await findProcedureRequest(deps.db, procedure.id, request.params.requestId);
    if (!found) throw new NotFoundError();
    return { agentId, procedure, request: found };
  }

  app.get<AgentParams>("/instruction/:procedureSlug/:requestId/demander-modification", agentOnly, async (request, reply) => {
    const { procedure, request: found } = await agentRequestOr404(request);
    const steps = shownSteps(found.definition, found.answers);
    return renderPage(deps, request, reply, ModificationAskPage, { procedure, request: found, steps, values: { message: "", steps: [] }, errors: {} });
  });

  app.post<AgentParams>(
    "/instruction/:procedureSlug/:requestId/demander-modification",
    agentOnly,
    formRoute(
      deps,
      {
        form: modificationAskForm,
        page: ModificationAskPage,
        invalid: async ({ values, errors }, request: FastifyRequest<AgentParams>) => {
          const { procedure, request: found } = await agentRequestOr404(request);
          const steps = shownSteps(found.definition, found.answers);
          return { procedure, request: found, steps, values: { message: values.message ?? "", steps: listOf(request.body, "etapes") }, errors };
        },
      },
      async (request, reply, form) => {
        const { agentId, procedure, request: found } = await agentRequestOr404(request);
        const steps = listOf(request.body, "etapes");
        await askModification(deps, { procedureId: procedure.id, procedureTitle: procedure.title, requestId: found.id, agentId, message: form.message, steps }, { ip: request.ip });
        return redirectWithFlash(reply, askPaths.agentRequest(procedure.slug, found.id), "ask-modification-sent");
      },
    ),
  );

  async function documentsAskProps(found: Awaited<ReturnType<typeof agentRequestOr404>>["request"]) {
    const labels = new Map(procedureDocuments(found.definition).map((document) => [document.id, document.libellé] as const));
    const provided = (await listRequestDocuments(deps.db, found.id)).map((file) => ({ ...file, label: labels.get(file.documentId) ?? file.documentId }));
    return { documents: procedureDocuments(found.definition), provided };
  }

  app.get<AgentParams>("/instruction/:procedureSlug/:requestId/demander-pieces", agentOnly, async (request, reply) => {
    const { procedure, request: found } = await agentRequestOr404(request);
    return renderPage(deps, request, reply, DocumentsAskPage, { procedure, request: found, ...(await documentsAskProps(found)), values: {}, checked: { pieces: [], nonConforming: [] }, errors: {} });
  });

  /** The reasons typed for the request's provided files: their fields are named after the files, so not declared. */
  async function nonConformityReasons(body: unknown, requestId: string): Promise<Record<string, string>> {
    const provided = await listRequestDocuments(deps.db, requestId);
    return readForm(body, provided.map((file) => `motif-${file.id}`));
  }

  app.post<AgentParams>(
    "/instruction/:procedureSlug/:requestId/demander-pieces",
    agentOnly,
    formRoute(
      deps,
      {
        form: documentsAskForm,
        page: DocumentsAskPage,
        invalid: async ({ values, errors }, request: FastifyRequest<AgentParams>) => {
          const { procedure, request: found } = await agentRequestOr404(request);
          const checked = { pieces: listOf(request.body, "pieces"), nonConforming: listOf(request.body, "non-conforme") };
          const reasons = await nonConformityReasons(request.body, found.id);
          return { procedure, request: found, ...(await documentsAskProps(found)), values: { ...values, ...reasons }, checked, errors };
        },
      },
      async (request, reply, form) => {
        const { agentId, procedure, request: found } = await agentRequestOr404(request);
        const reasons = await nonConformityReasons(request.body, found.id);
        await askDocuments(
          deps,
          {
            procedureId: procedure.id,
            procedureTitle: procedure.title,
            requestId: found.id,
            agentId,
            message: form.message,
            documentIds: listOf(request.body, "pieces"),
            others: OTHER_ROWS.map((row) => ({ row, label: form[`autre-libelle-${row}`], hint: form[`autre-aide-${row}`] })),
            nonConforming: listOf(request.body, "non-conforme").map((id) => ({ requestDocumentId: id, reason: reasons[`motif-${id}`] ?? "" })),
          },
          { ip: request.ip },
        );
        return redirectWithFlash(reply, askPaths.agentRequest(procedure.slug, found.id), "ask-documents-sent");
      },
    ),
  );

  app.post<{ Params: { procedureSlug: string; requestId: string; askId: string } }>("/instruction/:procedureSlug/:requestId/sollicitations/:askId/annuler", agentOnly, async (request, reply) => {
    const { agentId, procedure, request: found } = await agentRequestOr404(request);
    if (!isUuid(request.params.askId)) throw new NotFoundError();
    await cancelAsk(deps, { procedureId: procedure.id, requestId: found.id, agentId, askId: request.params.askId }, { ip: request.ip });
    return redirectWithFlash(reply, askPaths.agentRequest(procedure.slug, found.id), "ask-cancelled");
  });

  // ——— The applicant's side ———

  /** The open modification ask of the person's request; when there is none the page is gone (404). */
  async function openContribution(request: FastifyRequest, id: string) {
    const { own, definition } = await ownRequest(deps, request, id);
    const ask = (await listRequestAsks(deps.db, own.id)).find((candidate) => candidate.kind === "modification" && candidate.status === "open");
    if (!ask || own.status !== "in_instruction") throw new NotFoundError();
    const answers = ask.answer.draft ?? (await findRequestAnswers(deps.db, own.id));
    return { own, definition, ask, answers };
  }

  app.get<IdParams>("/demandes/:id/contribution", signedIn, async (request, reply) => {
    const { own, definition, ask, answers } = await openContribution(request, request.params.id);
    const steps = shownSteps(definition, answers).filter((step) => ask.unlockedSteps.includes(step.id));
    return renderPage(deps, request, reply, ContributionPage, { request: own, definition, ask, steps, answers });
  });

  // Refused as a whole (a locked step would change, something would be missing): the edits stay.
  const contributionRefused = refusal(FormError, async (error, request: FastifyRequest<IdParams>, reply) => {
    const { own, definition, ask, answers } = await openContribution(request, request.params.id);
    const steps = shownSteps(definition, answers).filter((step) => ask.unlockedSteps.includes(step.id));
    return renderPage(deps, request, reply, ContributionPage, { request: own, definition, ask, steps, answers, errors: error.errors }, 422);
  });

  // Nothing is typed on this page: what is sent is the saved draft, checked by the use case.
  app.post<IdParams>(
    "/demandes/:id/contribution",
    signedIn,
    refusing([contributionRefused], async (request, reply) => {
      const { own } = await ownRequest(deps, request, request.params.id);
      await sendContribution(deps, { requestId: own.id, accountId: sessionOf(request).accountId }, { ip: request.ip });
      return redirectWithFlash(reply, askPaths.request(own.id), "contribution-sent");
    }),
  );

  /** An unlocked step of the open contribution, else 404: a step the agent did not unlock is never editable. */
  async function unlockedStep(request: FastifyRequest<StepParams>) {
    const found = await openContribution(request, request.params.id);
    if (!found.ask.unlockedSteps.includes(request.params.stepId)) throw new NotFoundError();
    const step = shownSteps(found.definition, found.answers).find((candidate) => candidate.id === request.params.stepId);
    if (!step) throw new NotFoundError();
    return { ...found, step };
  }

  /** The step's locked prefilled fields as their source has them, and where each answer came from. */
  const prefillOf = (own: ApplicantRequest, definition: ProcedureDefinition, step: Step, answers: Answers) =>
    stepPrefill(deps.db, { request: { ...own, answers }, definition, step, today: todayFormat.format(deps.clock.now()) });

  app.get<StepParams>("/demandes/:id/contribution/:stepId", signedIn, async (request, reply) => {
    const { own, definition, step, answers } = await unlockedStep(request);
    const prefill = await prefillOf(own, definition, step, answers);
    return renderPage(deps, request, reply, ContributionStepPage, { request: own, definition, step, answers: prefill.answers, prefill: prefill.notes });
  });

  app.post<StepParams>("/demandes/:id/contribution/:stepId", signedIn, async (request, reply) => {
    const { own, definition, step, answers } = await unlockedStep(request);
    const posted = postedForm(request.body);
    // "Ajouter une ligne" / "Supprimer": the same step again with the row added or removed, nothing saved.
    const group = applyGroupAction(definition, step, posted);
    if (group.requested) return renderPage(deps, request, reply, ContributionStepPage, { request: own, definition, step, answers, posted: group.form, autofocus: group.focus });
    const saved = await saveContributionStep(deps, { requestId: own.id, accountId: sessionOf(request).accountId, stepId: step.id, form: posted, today: todayFormat.format(deps.clock.now()) });
    if (Object.keys(saved.errors).length > 0) {
      const prefill = await prefillOf(own, definition, step, answers);
      return renderPage(deps, request, reply, ContributionStepPage, { request: own, definition, step, answers: prefill.answers, prefill: prefill.notes, posted, errors: saved.errors, errorLabels: errorLabels(step, saved.errors) }, 422);
    }
    return redirectWithFlash(reply, askPaths.contribution(own.id), "contribution-step-saved");
  });

  app.get<AskParams>("/demandes/:id/complements/:askId", signedIn, async (request, reply) => {
    const { own, definition, ask } = await openDocumentsAsk(deps, request);
    return renderPage(deps, request, reply, DocumentsAnswerPage, { request: own, title: definition.titre, ask });
  });

  // A missing document: said on the answer's page, whose files were added one by one beforehand.
  const answerIncomplete = refusal(FormError, async (error, request: FastifyRequest<AskParams>, reply) => {
    const { own, definition, ask } = await openDocumentsAsk(deps, request);
    return renderPage(deps, request, reply, DocumentsAnswerPage, { request: own, title: definition.titre, ask, errors: error.errors }, 422);
  });

  app.post<AskParams>(
    "/demandes/:id/complements/:askId",
    signedIn,
    refusing([answerIncomplete], async (request, reply) => {
      const { own, ask } = await openDocumentsAsk(deps, request);
      await sendDocumentsAnswer(deps, { requestId: own.id, accountId: sessionOf(request).accountId, askId: ask.id }, { ip: request.ip });
      return redirectWithFlash(reply, askPaths.request(own.id), "ask-documents-answered");
    }),
  );

  app.post<{ Params: { id: string; askId: string; uploadId: string } }>("/demandes/:id/complements/:askId/fichiers/:uploadId/retirer", signedIn, async (request, reply) => {
    const { own, ask } = await openDocumentsAsk(deps, request);
    if (!isUuid(request.params.uploadId)) throw new NotFoundError();
    const removed = await removeAnswerFile(deps, { requestId: own.id, accountId: sessionOf(request).accountId, askId: ask.id, uploadId: request.params.uploadId });
    if (!removed) throw new NotFoundError();
    return redirectWithFlash(reply, askPaths.answerDocuments(own.id, ask.id), "ask-file-removed");
  });

  await app.register(async (scope) => answerUploadRoutes(scope, deps));
}

type UploadParams = { Params: { id: string; askId: string; itemId: string } };

/**
 * "Ajouter" a file to an answer: the multipart parser lives in this scope only. As for the
 * request's own documents (src/features/requests/routes.tsx), the file is streamed to the store
 * with the asked document's formats and size as soon as the parser meets it — before the CSRF
 * check — and deleted when the response is sent if it was not kept (platform/uploads/multipart-form.ts).
 */
async function answerUploadRoutes(scope: FastifyInstance, deps: Deps) {
  const form = await registerMultipartForm(scope, deps, {
    maxFileBytes: LARGEST_FILE_BYTES,
    fields: 2,
    fieldBytes: 1024,
    async fileRules(request, part, session) {
      const { id, askId, itemId } = request.params as { id?: string; askId?: string; itemId?: string };
      if (!isUuid(id) || !isUuid(askId) || part.fieldname !== ANSWER_FILE_INPUT) return undefined;
      const own = await findApplicantRequest(deps.db, id, session.accountId);
      if (!own || own.status !== "in_instruction") return undefined;
      const ask = await findAsk(deps.db, own.id, askId);
      const item = ask?.status === "open" ? ask.askedDocuments.find((candidate) => candidate.id === itemId) : undefined;
      return item && { accepted: item.formats, maxBytes: item.maxMb * MEGABYTE };
    },
  });

  // Checked on request, before the body is read: nobody else makes the server read 50 MB.
  scope.post<UploadParams>("/demandes/:id/complements/:askId/pieces/:itemId", { onRequest: requireAccount }, async (request, reply) => {
    const { own, definition, ask } = await openDocumentsAsk(deps, request);
    const item = ask.askedDocuments.find((candidate) => candidate.id === request.params.itemId);
    if (!item) throw new NotFoundError();
    const { file } = form.read(request, []);
    const refuse = (message: string) => renderPage(deps, request, reply, DocumentsAnswerPage, { request: own, title: definition.titre, ask, errors: { [itemFieldName(item)]: message } }, 422);
    if (file.kind === "none") return refuse("Choisissez un fichier à ajouter.");
    if (file.kind === "refused") return refuse(file.message);
    form.keep(request);
    try {
      await addAnswerFile(deps, { requestId: own.id, accountId: sessionOf(request).accountId, askId: ask.id, itemId: item.id, upload: file.upload });
    } catch (error) {
      if (error instanceof TooManyAnswerFilesError) return refuse(error.message);
      throw error;
    }
    return redirectWithFlash(reply, askPaths.answerDocuments(own.id, ask.id), "ask-file-added");
  });
}
