import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAccount, requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field, parseForm } from "../../platform/http/forms.ts";
import { parseRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { sendUploadAsAttachment } from "../../platform/uploads/download.ts";
import { registerMultipartForm } from "../../platform/uploads/multipart-form.ts";
import { UploadNotFoundError } from "../../platform/uploads/uploads.ts";
import type { SupportStatus } from "../../platform/db/schema.ts";
import { isValidEmail } from "../../core/accounts/identifiers.ts";
import { isUuid } from "../../core/organisations/access.ts";
import { formRoute } from "../../ui/form-route.ts";
import { renderPage } from "../../ui/render.ts";
import type { FieldErrors, FormValues } from "../../ui/context.ts";
import { answerQuestion } from "./answer-question.ts";
import { assignQuestion } from "./assign-question.ts";
import { closeQuestion } from "./close-question.ts";
import { TooManyQuestionsError } from "./errors.ts";
import { grantSupportRole } from "./grant-support-role.ts";
import { questionPaths } from "./paths.ts";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, NAME_MAX_LENGTH, QUESTION_MAX_LENGTH, REFERENCE_PATTERN, STATUS_VALUES, TOPIC_VALUES } from "./policies.ts";
import {
  answerTimesSince,
  countQuestionsByStatus,
  findQuestion,
  findQuestionAttachment,
  isSupportAgent,
  listQuestions,
  listReplies,
  listSupportAgents,
  type Question,
} from "./queries.ts";
import { replyToSupport } from "./reply-to-support.ts";
import { revokeSupportRole } from "./revoke-support-role.ts";
import { sendQuestion } from "./send-question.ts";
import {
  CONTACT_FIELDS,
  ContactPage,
  ContactSentPage,
  isAdminNotice,
  isSupportNotice,
  MyQuestionPage,
  SupportAdminPage,
  SupportQueuePage,
  SupportQuestionPage,
  type ContactPageProps,
  type QueueFilter,
} from "./views.tsx";

const contactForm = defineForm({
  sujet: field.choice(TOPIC_VALUES, { required: "Choisissez le sujet de votre question." }),
  numero: field.text({ max: 40 }),
  message: field.text({ required: "Saisissez votre question.", max: QUESTION_MAX_LENGTH }),
});

/** What a visitor who is not signed in adds: who they are, where to answer, the captcha. */
const visitorForm = defineForm({
  nom: field.text({ required: "Saisissez votre nom et votre prénom.", max: NAME_MAX_LENGTH }),
  courriel: field.text({ required: "Saisissez votre adresse électronique.", check: isValidEmail, invalid: "Saisissez une adresse électronique valide, par exemple nom@exemple.fr." }),
  altcha: field.captcha(),
});

const answerForm = defineForm({ reponse: field.text({ required: "Saisissez votre réponse.", max: QUESTION_MAX_LENGTH }) });
const assignForm = defineForm({ agent: field.text({ required: "Choisissez un agent du support." }) });
const agentEmailForm = defineForm({
  courriel: field.text({ required: "Saisissez l'adresse électronique de l'agent.", check: isValidEmail, invalid: "Saisissez une adresse électronique valide, par exemple nom@exemple.fr." }),
});

const PAGE_SIZE = 50;
const FIGURES_DAYS = 30;

type IdParams = { Params: { id: string }; Querystring: { fait?: string } };

/**
 * "Posez-nous votre question" (/contact), the person's questions (/mes-questions/:id), the support
 * queue (/support) and its administration (/administration/support). Rules in policies.ts.
 */
export async function contactRoutes(app: FastifyInstance, deps: Deps) {
  // The multipart parser lives in the contact form's scope only.
  await app.register(async (scope) => contactFormRoutes(scope, deps));
  supportRoutes(app, deps);
  adminRoutes(app, deps);
}

async function contactFormRoutes(scope: FastifyInstance, deps: Deps) {
  const form = await registerMultipartForm(scope, deps, {
    maxFileBytes: ATTACHMENT_MAX_BYTES,
    // _csrf, topic, number, message, and a visitor's name, address and captcha (who send no file).
    fields: 8,
    fieldBytes: 24 * 1024,
    // Only a signed-in person's file is kept: a visitor's would be stored before the captcha is checked.
    async fileRules(request, part) {
      if (request.routeOptions.url !== questionPaths.contact || part.fieldname !== CONTACT_FIELDS.attachment || part.filename === "") return undefined;
      return { accepted: ATTACHMENT_TYPES, maxBytes: ATTACHMENT_MAX_BYTES };
    },
  });

  const contactPage = (request: FastifyRequest, reply: FastifyReply, props: ContactPageProps, status = 200) => renderPage(deps, request, reply, ContactPage, props, status);

  scope.get(questionPaths.contact, (request, reply) => contactPage(request, reply, { values: {}, errors: {} }));

  scope.post(questionPaths.contact, async (request, reply) => {
    const session = request.currentSession;
    const { file } = form.read(request, []);
    const question = parseForm(contactForm, request.body);
    const visitor = session ? null : parseForm(visitorForm, request.body);
    const values: FormValues = { ...question.sent, ...visitor?.sent };
    // In the page's order, as the error summary lists them.
    const errors: FieldErrors = {};
    if (!question.valid && question.errors.sujet) errors.sujet = question.errors.sujet;
    let requestNumber: string | null = null;
    if (!question.valid && question.errors.numero) errors.numero = question.errors.numero;
    else if (values.numero) {
      const parsed = parseRequestNumber(values.numero);
      if (parsed.ok) requestNumber = parsed.value;
      else errors.numero = parsed.message;
    }
    if (!question.valid && question.errors.message) errors.message = question.errors.message;
    if (file.kind === "refused") errors[CONTACT_FIELDS.attachment] = file.message;
    if (visitor && !visitor.valid) Object.assign(errors, visitor.errors);
    const upload = file.kind === "stored" ? file.upload : null;
    const dropped = upload?.originalName;
    if (Object.keys(errors).length > 0 || !question.valid || (visitor && !visitor.valid)) return contactPage(request, reply, { values, errors, dropped }, 422);

    form.keep(request);
    try {
      const sent = await sendQuestion(
        deps,
        {
          topic: question.values.sujet,
          requestNumber,
          body: question.values.message,
          sender: session
            ? { kind: "account", accountId: session.accountId, name: `${session.firstName} ${session.lastName}`, email: session.email }
            : { kind: "visitor", name: visitor!.valid ? visitor!.values.nom : "", email: visitor!.valid ? visitor!.values.courriel : "", altcha: visitor!.valid ? visitor!.values.altcha : "" },
          upload,
        },
        { ip: request.ip },
      );
      return reply.redirect(questionPaths.sent(sent.reference), 303);
    } catch (error) {
      if (error instanceof TooManyQuestionsError) {
        reply.header("retry-after", "3600");
        return contactPage(request, reply, { values, errors: {}, throttled: true, dropped }, 429);
      }
      if (error instanceof FormError) return contactPage(request, reply, { values, errors: error.errors, dropped }, 422);
      throw error;
    }
  });

  scope.get<{ Querystring: { reference?: string } }>("/contact/envoye", (request, reply) => {
    const reference = typeof request.query.reference === "string" ? request.query.reference : "";
    if (!REFERENCE_PATTERN.test(reference)) throw new NotFoundError();
    return renderPage(deps, request, reply, ContactSentPage, { reference });
  });
}

function supportRoutes(app: FastifyInstance, deps: Deps) {
  /** Support agents only; anyone else gets the 404 of a page that does not exist. */
  async function requireSupportAgent(request: FastifyRequest, reply: FastifyReply) {
    await requireAccount(request, reply);
    if (reply.sent) return;
    if (!(await isSupportAgent(deps.db, sessionOf(request).accountId))) throw new NotFoundError();
  }

  async function questionOr404(id: string | undefined): Promise<Question> {
    if (!isUuid(id)) throw new NotFoundError();
    const question = await findQuestion(deps.db, id);
    if (!question) throw new NotFoundError();
    return question;
  }

  const supportPage = async (request: FastifyRequest, id: string, extra: { values?: FormValues; errors?: FieldErrors; notice?: string | undefined } = {}) => {
    const question = await questionOr404(id);
    const [replies, agents] = await Promise.all([listReplies(deps.db, question.id), listSupportAgents(deps.db)]);
    return {
      question,
      replies,
      agents,
      me: sessionOf(request).accountId,
      notice: isSupportNotice(extra.notice) ? extra.notice : undefined,
      values: extra.values ?? {},
      errors: extra.errors ?? {},
    };
  };

  app.get<{ Querystring: Record<string, string | undefined> }>(questionPaths.queue, { preHandler: requireSupportAgent }, async (request, reply) => {
    const filter = readQueueFilter(request.query);
    const statuses: readonly SupportStatus[] = filter.statut === "toutes" ? STATUS_VALUES : filter.statut === "ouvertes" ? ["new", "assigned"] : [filter.statut];
    const assignedTo = filter.attribution === "moi" ? sessionOf(request).accountId : filter.attribution === "personne" ? null : undefined;
    const [list, counts] = await Promise.all([
      listQuestions(deps.db, { statuses, ...(assignedTo !== undefined ? { assignedTo } : {}), limit: PAGE_SIZE, offset: (filter.page - 1) * PAGE_SIZE }),
      countQuestionsByStatus(deps.db),
    ]);
    return renderPage(deps, request, reply, SupportQueuePage, { filter, questions: list.questions, total: list.total, pageSize: PAGE_SIZE, counts });
  });

  app.get<IdParams>("/support/questions/:id", { preHandler: requireSupportAgent }, async (request, reply) =>
    renderPage(deps, request, reply, SupportQuestionPage, await supportPage(request, request.params.id, { notice: request.query.fait })),
  );

  app.post<IdParams>(
    "/support/questions/:id/attribuer",
    { preHandler: requireSupportAgent },
    formRoute(deps, { form: assignForm, page: SupportQuestionPage, invalid: (invalid, request: FastifyRequest<IdParams>) => supportPage(request, request.params.id, invalid) }, async (request, reply, values) => {
      const question = await questionOr404(request.params.id);
      const assigneeId = values.agent === "personne" ? null : values.agent;
      if (assigneeId !== null && !isUuid(assigneeId)) throw new FormError({ agent: "Choisissez un agent du support." });
      await assignQuestion(deps, { questionId: question.id, assigneeId }, { actorId: sessionOf(request).accountId, ip: request.ip });
      return reply.redirect(`${questionPaths.support(question.id)}?fait=assigne`, 303);
    }),
  );

  app.post<IdParams>(
    "/support/questions/:id/repondre",
    { preHandler: requireSupportAgent },
    formRoute(deps, { form: answerForm, page: SupportQuestionPage, invalid: (invalid, request: FastifyRequest<IdParams>) => supportPage(request, request.params.id, invalid) }, async (request, reply, values) => {
      const question = await questionOr404(request.params.id);
      await answerQuestion(deps, { questionId: question.id, agentId: sessionOf(request).accountId, body: values.reponse }, { ip: request.ip });
      return reply.redirect(`${questionPaths.support(question.id)}?fait=repondu`, 303);
    }),
  );

  app.post<IdParams>("/support/questions/:id/clore", { preHandler: requireSupportAgent }, async (request, reply) => {
    const question = await questionOr404(request.params.id);
    await closeQuestion(deps, { questionId: question.id }, { actorId: sessionOf(request).accountId, ip: request.ip });
    return reply.redirect(`${questionPaths.support(question.id)}?fait=close`, 303);
  });

  app.get<IdParams>("/support/questions/:id/piece-jointe", { preHandler: requireSupportAgent }, async (request, reply) => {
    const question = await questionOr404(request.params.id);
    const attachment = await findQuestionAttachment(deps.db, question.id);
    if (!attachment) throw new NotFoundError();
    try {
      return await sendUploadAsAttachment(reply, deps, attachment);
    } catch (error) {
      if (error instanceof UploadNotFoundError) throw new NotFoundError();
      throw error;
    }
  });

  // ——— The person's side ———

  /** The signed-in person's own question; anyone else's is a 404. */
  async function myQuestionOr404(request: FastifyRequest, id: string | undefined): Promise<Question> {
    const question = await questionOr404(id);
    if (question.accountId !== sessionOf(request).accountId) throw new NotFoundError();
    return question;
  }

  const myPage = async (request: FastifyRequest, id: string, extra: { values?: FormValues; errors?: FieldErrors } = {}) => {
    const question = await myQuestionOr404(request, id);
    return { question, replies: await listReplies(deps.db, question.id), values: extra.values ?? {}, errors: extra.errors ?? {} };
  };

  app.get<IdParams>("/mes-questions/:id", { preHandler: requireAccount }, async (request, reply) => renderPage(deps, request, reply, MyQuestionPage, await myPage(request, request.params.id)));

  app.post<IdParams>(
    "/mes-questions/:id/repondre",
    { preHandler: requireAccount },
    formRoute(deps, { form: answerForm, page: MyQuestionPage, invalid: (invalid, request: FastifyRequest<IdParams>) => myPage(request, request.params.id, invalid) }, async (request, reply, values) => {
      const question = await myQuestionOr404(request, request.params.id);
      await replyToSupport(deps, { questionId: question.id, accountId: sessionOf(request).accountId, body: values.reponse }, { ip: request.ip });
      return reply.redirect(`${questionPaths.mine(question.id)}#reponses`, 303);
    }),
  );
}

function adminRoutes(app: FastifyInstance, deps: Deps) {
  const adminPage = async (extra: { values?: FormValues; errors?: FieldErrors; notice?: string | undefined } = {}) => {
    const [counts, times, agents] = await Promise.all([
      countQuestionsByStatus(deps.db),
      answerTimesSince(deps.db, new Date(deps.clock.now().getTime() - FIGURES_DAYS * 24 * 3_600_000)),
      listSupportAgents(deps.db),
    ]);
    return { counts, times, agents, notice: isAdminNotice(extra.notice) ? extra.notice : undefined, values: extra.values ?? {}, errors: extra.errors ?? {} };
  };

  app.get<{ Querystring: { fait?: string } }>(questionPaths.admin, { preHandler: requirePlatformAdmin }, async (request, reply) =>
    renderPage(deps, request, reply, SupportAdminPage, await adminPage({ notice: request.query.fait })),
  );

  app.post(
    `${questionPaths.admin}/agents`,
    { preHandler: requirePlatformAdmin },
    formRoute(deps, { form: agentEmailForm, page: SupportAdminPage, invalid: (invalid) => adminPage(invalid) }, async (request, reply, values) => {
      const added = await grantSupportRole(deps, { email: values.courriel }, { actorId: sessionOf(request).accountId, ip: request.ip });
      return reply.redirect(`${questionPaths.admin}?fait=${added ? "ajoute" : "deja-membre"}`, 303);
    }),
  );

  app.post<{ Params: { id: string } }>(`${questionPaths.admin}/agents/:id/retirer`, { preHandler: requirePlatformAdmin }, async (request, reply) => {
    if (!isUuid(request.params.id)) throw new NotFoundError();
    await revokeSupportRole(deps, { accountId: request.params.id }, { actorId: sessionOf(request).accountId, ip: request.ip });
    return reply.redirect(`${questionPaths.admin}?fait=retire`, 303);
  });
}

function readQueueFilter(query: Record<string, string | undefined>): QueueFilter {
  const statut = query.statut;
  const attribution = query.attribution;
  const page = Number.parseInt(query.page ?? "1", 10);
  return {
    statut: statut === "toutes" || statut === "ouvertes" || (STATUS_VALUES as string[]).includes(statut ?? "") ? (statut as QueueFilter["statut"]) : "ouvertes",
    attribution: attribution === "moi" || attribution === "personne" ? attribution : "toutes",
    page: Number.isSafeInteger(page) && page > 0 && page < 100_000 ? page : 1,
  };
}
