import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formatEuros } from "../../platform/french/amount.ts";
import { registerMultipartForm } from "../../platform/uploads/multipart-form.ts";
import { formRoute, refusal, refusing } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { isUuid } from "../../core/organisations/access.ts";
import { agentProcedureOr404, requireAgent } from "../../core/requests/agent-policies.ts";
import { canAsk } from "../../core/requests/payments.ts";
import { findProcedureRequest } from "../../core/requests/queries/agents.ts";
import { findGrant, listPayments } from "../../core/requests/queries/payments.ts";
import { findApplicantRequest, findVersionDefinition } from "../../core/requests/queries/requests.ts";
import { askPayment, whyNoAsk } from "./ask-payment.ts";
import { PaymentRefusedError } from "../../core/requests/payments.ts";
import { markPaid } from "../../core/requests/mark-paid.ts";
import { orderPayment } from "../../core/requests/order-payment.ts";
import { paymentPaths } from "./paths.ts";
import { recordGrant, SCHEDULE_ROWS } from "./record-grant.ts";
import { AskPaymentPage, GrantPage, PaymentRefusedPage, PayPage, RECEIPT_FORMATS, RECEIPT_INPUT, RECEIPT_MAX_MB } from "./views.tsx";

const agentOnly = { preHandler: requireAgent };
const signedIn = { preHandler: requireAccount };
const MEGABYTE = 1024 * 1024;

type AgentParams = { Params: { procedureSlug: string; requestId: string } };
type PaymentParams = { Params: { procedureSlug: string; requestId: string; paymentId: string } };
type AskParams = { Params: { id: string; paymentId: string } };

const rowFields = SCHEDULE_ROWS.flatMap((row) => [`libelle-${row}`, `montant-${row}`, `date-${row}`, `conditions-${row}`, `justificatifs-${row}`] as const);
const grantForm = defineForm({ montant: field.text(), ...field.texts(rowFields) });
const payForm = defineForm({ "date-paiement": field.text({ required: "Indiquez la date du paiement." }) });

const todayFormat = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric" });

/** The amount asked in the request's answers ("montant-demande"), to help the agent. */
function requestedAmount(answers: Record<string, unknown>): string | null {
  const value = answers["montant-demande"];
  return typeof value === "number" && Number.isSafeInteger(value) ? formatEuros(value) : null;
}

/**
 * Payments of granted aid (issue 12, seed 000): the agent records the amount granted and its
 * schedule on an accepted request, orders and pays each payment; the applicant asks for a payment
 * by sending its documents. Agents reach only their procedures' requests, applicants only their
 * own: anything else is a 404. A step that cannot be taken now is a 409 page saying why.
 */
export async function requestPaymentRoutes(app: FastifyInstance, deps: Deps) {
  async function agentRequestOr404(request: FastifyRequest<AgentParams>) {
    const agentId = sessionOf(request).accountId;
    const procedure = await agentProcedureOr404(deps.db, agentId, request.params.procedureSlug);
    if (!isUuid(request.params.requestId)) throw new NotFoundError();
    const found = await findProcedureRequest(deps.db, procedure.id, request.params.requestId);
    if (!found) throw new NotFoundError();
    return { agentId, procedure, request: found };
  }

  const refused = <R extends FastifyRequest>(back: (request: FastifyRequest) => string) =>
    refusal(PaymentRefusedError, (error, request: R, reply: FastifyReply) => renderPage(deps, request, reply, PaymentRefusedPage, { message: error.message, back: back(request) }, 409));
  const agentBack = (request: FastifyRequest) => {
    const params = request.params as { procedureSlug: string; requestId: string };
    return paymentPaths.agentRequest(params.procedureSlug, params.requestId);
  };

  app.get<AgentParams>("/instruction/:procedureSlug/:requestId/versements", agentOnly, async (request, reply) => {
    const { procedure, request: found } = await agentRequestOr404(request);
    if (await findGrant(deps.db, found.id)) return reply.redirect(`${paymentPaths.agentRequest(procedure.slug, found.id)}#versements`, 303);
    if (found.status !== "accepted") return renderPage(deps, request, reply, PaymentRefusedPage, { message: "L'aide accordée s'enregistre sur une demande acceptée : acceptez d'abord la demande.", back: agentBack(request) }, 409);
    return renderPage(deps, request, reply, GrantPage, { procedure, request: found, requested: requestedAmount(found.answers), values: {}, errors: {} });
  });

  app.post<AgentParams>(
    "/instruction/:procedureSlug/:requestId/versements",
    agentOnly,
    formRoute(
      deps,
      {
        form: grantForm,
        page: GrantPage,
        invalid: async ({ values, errors }, request: FastifyRequest<AgentParams>) => {
          const { procedure, request: found } = await agentRequestOr404(request);
          return { procedure, request: found, requested: requestedAmount(found.answers), values, errors };
        },
        refusals: [refused(agentBack)],
      },
      async (request, reply, form) => {
        const { agentId, procedure, request: found } = await agentRequestOr404(request);
        const rows = SCHEDULE_ROWS.map((row) => ({
          row,
          label: form[`libelle-${row}`],
          amount: form[`montant-${row}`],
          plannedOn: form[`date-${row}`],
          conditions: form[`conditions-${row}`],
          documentsRequired: form[`justificatifs-${row}`] === "oui",
        }));
        const { already } = await recordGrant(deps, { procedureId: procedure.id, requestId: found.id, agentId, amount: form.montant, rows }, { ip: request.ip });
        return redirectWithFlash(reply, `${paymentPaths.agentRequest(procedure.slug, found.id)}#versements`, already ? "payment-already-recorded" : "grant-recorded");
      },
    ),
  );

  app.post<PaymentParams>(
    "/instruction/:procedureSlug/:requestId/versements/:paymentId/mandater",
    agentOnly,
    refusing([refused<FastifyRequest<PaymentParams>>(agentBack)], async (request, reply) => {
      const { agentId, procedure, request: found } = await agentRequestOr404(request);
      if (!isUuid(request.params.paymentId)) throw new NotFoundError();
      const { already } = await orderPayment(deps, { procedureId: procedure.id, requestId: found.id, actor: { kind: "agent", agentId }, paymentId: request.params.paymentId }, { ip: request.ip });
      return redirectWithFlash(reply, `${paymentPaths.agentRequest(procedure.slug, found.id)}#versements`, already ? "payment-already-recorded" : "payment-ordered");
    }),
  );

  async function agentPayment(request: FastifyRequest<PaymentParams>) {
    const found = await agentRequestOr404(request);
    if (!isUuid(request.params.paymentId)) throw new NotFoundError();
    const payment = (await listPayments(deps.db, found.request.id)).find((candidate) => candidate.id === request.params.paymentId);
    if (!payment) throw new NotFoundError();
    return { ...found, payment };
  }

  app.get<PaymentParams>("/instruction/:procedureSlug/:requestId/versements/:paymentId/payer", agentOnly, async (request, reply) => {
    const { procedure, request: found, payment } = await agentPayment(request);
    if (payment.status !== "ordered") return reply.redirect(`${paymentPaths.agentRequest(procedure.slug, found.id)}#versements`, 303);
    return renderPage(deps, request, reply, PayPage, { procedure, request: found, payment, values: { "date-paiement": todayFormat.format(deps.clock.now()) }, errors: {} });
  });

  app.post<PaymentParams>(
    "/instruction/:procedureSlug/:requestId/versements/:paymentId/payer",
    agentOnly,
    formRoute(
      deps,
      {
        form: payForm,
        page: PayPage,
        invalid: async ({ values, errors }, request: FastifyRequest<PaymentParams>) => {
          const { procedure, request: found, payment } = await agentPayment(request);
          return { procedure, request: found, payment, values, errors };
        },
        refusals: [refused(agentBack)],
      },
      async (request, reply, form) => {
        const { agentId, procedure, request: found, payment } = await agentPayment(request);
        const { already } = await markPaid(deps, { procedureId: procedure.id, requestId: found.id, actor: { kind: "agent", agentId }, paymentId: payment.id, paidOn: form["date-paiement"] }, { ip: request.ip });
        return redirectWithFlash(reply, `${paymentPaths.agentRequest(procedure.slug, found.id)}#versements`, already ? "payment-already-recorded" : "payment-paid");
      },
    ),
  );

  // ——— The applicant's side ———

  app.get<AskParams>("/demandes/:id/versements/:paymentId", signedIn, async (request, reply) => {
    const { own, title, payment } = await ownPayment(deps, request);
    if (!canAsk(payment)) return renderPage(deps, request, reply, PaymentRefusedPage, { message: whyNoAsk(payment), back: paymentPaths.request(own.id) }, 409);
    return renderPage(deps, request, reply, AskPaymentPage, { request: own, title, payment });
  });

  await app.register(async (scope) => askUploadRoutes(scope, deps));
}

/** The signed-in person's request and one of its payments; another person's, or an unknown id, is a 404. */
async function ownPayment(deps: Deps, request: FastifyRequest<AskParams>) {
  if (!isUuid(request.params.id) || !isUuid(request.params.paymentId)) throw new NotFoundError();
  const own = await findApplicantRequest(deps.db, request.params.id, sessionOf(request).accountId);
  if (!own) throw new NotFoundError();
  const payment = (await listPayments(deps.db, own.id)).find((candidate) => candidate.id === request.params.paymentId);
  if (!payment) throw new NotFoundError();
  const definition = await findVersionDefinition(deps.db, own.procedureVersionId);
  return { own, title: definition.titre, payment };
}

/**
 * "Envoyer ma demande de versement": the multipart parser lives in this scope only. The file is
 * streamed to the store only for a payment that may be asked for (planned, with documents);
 * for any other the part is dropped unread and the page says why (409).
 */
async function askUploadRoutes(scope: FastifyInstance, deps: Deps) {
  const form = await registerMultipartForm(scope, deps, {
    maxFileBytes: RECEIPT_MAX_MB * MEGABYTE,
    fields: 2,
    fieldBytes: 1024,
    async fileRules(request, part, session) {
      const { id, paymentId } = request.params as { id?: string; paymentId?: string };
      if (!isUuid(id) || !isUuid(paymentId) || part.fieldname !== RECEIPT_INPUT) return undefined;
      const own = await findApplicantRequest(deps.db, id, session.accountId);
      if (!own) return undefined;
      const payment = (await listPayments(deps.db, own.id)).find((candidate) => candidate.id === paymentId);
      return payment && canAsk(payment) ? { accepted: RECEIPT_FORMATS, maxBytes: RECEIPT_MAX_MB * MEGABYTE } : undefined;
    },
  });

  const refusedAsk = refusal(PaymentRefusedError, (error, request: FastifyRequest<AskParams>, reply: FastifyReply) =>
    renderPage(deps, request, reply, PaymentRefusedPage, { message: error.message, back: paymentPaths.request(request.params.id) }, 409),
  );

  // Checked on request, before the body is read: nobody else makes the server read the file.
  scope.post<AskParams>(
    "/demandes/:id/versements/:paymentId",
    { onRequest: requireAccount },
    refusing([refusedAsk], async (request, reply) => {
      const { own, title, payment } = await ownPayment(deps, request);
      if (!canAsk(payment)) throw new PaymentRefusedError(whyNoAsk(payment));
      const { file } = form.read(request, []);
      const refuse = (message: string) => renderPage(deps, request, reply, AskPaymentPage, { request: own, title, payment, error: message }, 422);
      if (file.kind === "none") return refuse("Joignez vos justificatifs : choisissez un fichier.");
      if (file.kind === "refused") return refuse(file.message);
      form.keep(request);
      await askPayment(deps, { requestId: own.id, accountId: sessionOf(request).accountId, paymentId: payment.id, upload: file.upload }, { ip: request.ip });
      return redirectWithFlash(reply, `${paymentPaths.request(own.id)}#versements`, "payment-asked");
    }),
  );
}
