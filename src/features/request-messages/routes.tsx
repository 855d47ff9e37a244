import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { sendUploadAsAttachment } from "../../platform/uploads/download.ts";
import type { CurrentSession } from "../../platform/sessions/sessions.ts";
import { registerMultipartForm } from "../../platform/uploads/multipart-form.ts";
import { UploadNotFoundError, type UploadRecord } from "../../platform/uploads/uploads.ts";
import { requireAgent } from "../../core/requests/agent-policies.ts";
import { isAgentOfProcedure } from "../../core/requests/queries/agents.ts";
import { isUuid } from "../../core/organisations/access.ts";
import type { FieldErrors } from "../../ui/context.ts";
import { ThreadClosedError } from "./errors.ts";
import { messagePaths } from "./paths.ts";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, canAddNote, hasThread, isThreadOpen, messageBodyError } from "./policies.ts";
import { postMessage, type MessageAuthor } from "./post-message.ts";
import { findMessageAttachment, findThreadRequest, listThread, type ThreadRequest } from "../../core/requests/queries/messages.ts";
import { AgentThreadPage, ApplicantThreadPage, MESSAGE_FIELDS, type MessageFormState } from "./views.tsx";

type ApplicantParams = { Params: { id: string } };
type AgentParams = { Params: { procedureSlug: string; requestId: string } };
type AttachmentParams = { Params: { id: string; uploadId: string } };
type AgentAttachmentParams = { Params: { procedureSlug: string; requestId: string; uploadId: string } };

/** The applicant's own request, filed or not; anyone else's (or an unknown id) is a 404. */
async function applicantRequestOr404(deps: Deps, request: FastifyRequest, id: string | undefined): Promise<ThreadRequest> {
  if (!isUuid(id)) throw new NotFoundError();
  const found = await findThreadRequest(deps.db, id);
  if (!found || found.applicantId !== sessionOf(request).accountId) throw new NotFoundError();
  return found;
}

/** A filed request of a procedure this agent is attached to, under its own slug; anything else is a 404. */
async function agentRequestOr404(deps: Deps, request: FastifyRequest, params: { procedureSlug?: string; requestId?: string }): Promise<ThreadRequest> {
  if (!isUuid(params.requestId)) throw new NotFoundError();
  const found = await findThreadRequest(deps.db, params.requestId);
  if (!found || found.slug !== params.procedureSlug || !hasThread(found.status)) throw new NotFoundError();
  if (!(await isAgentOfProcedure(deps.db, sessionOf(request).accountId, found.procedureId))) throw new NotFoundError();
  return found;
}

/** The three message forms: who posts, which fields they use, and when the thread takes their message. */
const forms = {
  applicant: { url: "/demandes/:id/messagerie", text: MESSAGE_FIELDS.message, file: MESSAGE_FIELDS.attachment },
  reply: { url: "/instruction/:procedureSlug/:requestId/messagerie", text: MESSAGE_FIELDS.message, file: MESSAGE_FIELDS.attachment },
  note: { url: "/instruction/:procedureSlug/:requestId/messagerie/note", text: MESSAGE_FIELDS.note, file: MESSAGE_FIELDS.noteAttachment },
} as const;
type FormKind = keyof typeof forms;

/**
 * The thread of each request (fils de discussion): the applicant's Messagerie and the agents'
 * one, with their internal notes, and the attachments' downloads. Rules in policies.ts.
 */
export async function requestMessageRoutes(app: FastifyInstance, deps: Deps) {
  // The multipart parser lives in this scope only, like the documents' (src/features/requests).
  await app.register(async (scope) => threadRoutes(scope, deps));
}

async function threadRoutes(scope: FastifyInstance, deps: Deps) {
  /** Whether the signed-in person may attach a file to this form now; checked before any byte is kept. */
  async function mayAttach(request: FastifyRequest, kind: FormKind, session: CurrentSession): Promise<boolean> {
    const params = request.params as { id?: string; procedureSlug?: string; requestId?: string };
    try {
      if (kind === "applicant") return isThreadOpen((await applicantRequestOr404(deps, request, params.id)).status);
      if (session.role !== "agent") return false;
      const found = await agentRequestOr404(deps, request, params);
      return kind === "note" ? canAddNote(found.status) : isThreadOpen(found.status);
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  const form = await registerMultipartForm(scope, deps, {
    maxFileBytes: ATTACHMENT_MAX_BYTES,
    fields: 3,
    // A message of 5,000 characters is at most 20,000 bytes of UTF-8.
    fieldBytes: 24 * 1024,
    async fileRules(request, part, session) {
      const kind = (Object.keys(forms) as FormKind[]).find((candidate) => forms[candidate].url === request.routeOptions.url);
      // No file chosen: the browser sends an empty part without a name.
      if (!kind || part.fieldname !== forms[kind].file || part.filename === "" || !(await mayAttach(request, kind, session))) return undefined;
      return { accepted: ATTACHMENT_TYPES, maxBytes: ATTACHMENT_MAX_BYTES };
    },
  });

  /**
   * Reads a posted message form: its text, and its file if one was kept. Returns the errors to
   * show (text and file checked together, so the person sees both at once).
   */
  function readMessageForm(request: FastifyRequest, kind: FormKind) {
    const fields = forms[kind];
    const posted = form.read(request, [fields.text]);
    const text = posted.fields[fields.text];
    const errors: FieldErrors = {};
    const textError = messageBodyError(text);
    if (textError) errors[fields.text] = textError;
    if (posted.file.kind === "refused") errors[fields.file] = posted.file.message;
    const upload = posted.file.kind === "stored" ? posted.file.upload : null;
    const state: MessageFormState = { values: { [fields.text]: text }, errors, dropped: upload ? upload.originalName : undefined };
    return { text, upload, errors, state };
  }

  /** Posts a checked message; postMessage owns the upload from now on. */
  async function post(request: FastifyRequest, found: ThreadRequest, author: MessageAuthor, kind: FormKind, text: string, upload: UploadRecord | null) {
    form.keep(request);
    await postMessage(deps, { requestId: found.id, author, body: text, upload, field: forms[kind].text });
  }

  // ——— The applicant ———

  const applicantThread = async (request: FastifyRequest, reply: FastifyReply, found: ThreadRequest, state: MessageFormState = {}, status = 200) => {
    const messages = hasThread(found.status) ? await listThread(deps.db, found.id, { withNotes: false }) : [];
    return renderPage(deps, request, reply, ApplicantThreadPage, { request: found, messages, ...state }, status);
  };

  scope.get<ApplicantParams>(forms.applicant.url, { preHandler: requireAccount }, async (request, reply) =>
    applicantThread(request, reply, await applicantRequestOr404(deps, request, request.params.id)),
  );

  // Checked on request, before the body is read: nobody else makes the server read a file.
  scope.post<ApplicantParams>(forms.applicant.url, { onRequest: requireAccount }, async (request, reply) => {
    const found = await applicantRequestOr404(deps, request, request.params.id);
    if (!hasThread(found.status)) throw new NotFoundError();
    if (!isThreadOpen(found.status)) throw new ThreadClosedError();
    const { text, upload, errors, state } = readMessageForm(request, "applicant");
    if (Object.keys(errors).length > 0) return applicantThread(request, reply, found, state, 422);
    try {
      await post(request, found, { kind: "applicant", accountId: sessionOf(request).accountId }, "applicant", text, upload);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return applicantThread(request, reply, found, { ...state, errors: error.errors }, 422);
    }
    return redirectWithFlash(reply, `${messagePaths.applicant(found.id)}#dernier-message`, "message-sent");
  });

  scope.get<AttachmentParams>("/demandes/:id/messagerie/pieces-jointes/:uploadId", { preHandler: requireAccount }, async (request, reply) => {
    const found = await applicantRequestOr404(deps, request, request.params.id);
    if (!isUuid(request.params.uploadId)) throw new NotFoundError();
    const attachment = await findMessageAttachment(deps.db, found.id, request.params.uploadId, { withNotes: false });
    return sendAttachment(reply, attachment);
  });

  // ——— The agents ———

  const agentThread = async (request: FastifyRequest, reply: FastifyReply, found: ThreadRequest, state: MessageFormState = {}, status = 200) => {
    const messages = await listThread(deps.db, found.id, { withNotes: true });
    return renderPage(deps, request, reply, AgentThreadPage, { request: found, messages, ...state }, status);
  };

  scope.get<AgentParams>(forms.reply.url, { preHandler: requireAgent }, async (request, reply) => agentThread(request, reply, await agentRequestOr404(deps, request, request.params)));

  for (const kind of ["reply", "note"] as const) {
    scope.post<AgentParams>(forms[kind].url, { onRequest: requireAgent }, async (request, reply) => {
      const found = await agentRequestOr404(deps, request, request.params);
      if (!(kind === "note" ? canAddNote(found.status) : isThreadOpen(found.status))) throw new ThreadClosedError();
      const { text, upload, errors, state } = readMessageForm(request, kind);
      if (Object.keys(errors).length > 0) return agentThread(request, reply, found, state, 422);
      try {
        await post(request, found, { kind: "agent", accountId: sessionOf(request).accountId, internal: kind === "note" }, kind, text, upload);
      } catch (error) {
        if (!(error instanceof FormError)) throw error;
        return agentThread(request, reply, found, { ...state, errors: error.errors }, 422);
      }
      return redirectWithFlash(reply, `${messagePaths.agent(found.slug, found.id)}#dernier-message`, kind === "note" ? "note-added" : "agent-message-sent");
    });
  }

  scope.get<AgentAttachmentParams>("/instruction/:procedureSlug/:requestId/messagerie/pieces-jointes/:uploadId", { preHandler: requireAgent }, async (request, reply) => {
    const found = await agentRequestOr404(deps, request, request.params);
    if (!isUuid(request.params.uploadId)) throw new NotFoundError();
    const attachment = await findMessageAttachment(deps.db, found.id, request.params.uploadId, { withNotes: true });
    return sendAttachment(reply, attachment);
  });

  async function sendAttachment(reply: FastifyReply, attachment: Awaited<ReturnType<typeof findMessageAttachment>>) {
    if (!attachment) throw new NotFoundError();
    try {
      return await sendUploadAsAttachment(reply, deps, attachment);
    } catch (error) {
      if (error instanceof UploadNotFoundError) throw new NotFoundError();
      throw error;
    }
  }
}
