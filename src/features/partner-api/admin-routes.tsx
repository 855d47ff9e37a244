import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireAccount, requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { API_SCOPE_NAMES, WEBHOOK_EVENT_NAMES } from "../../core/partner-api/tokens.ts";
import { findPartner, listAttempts, listDeliveries, listPartners, listPartnersForAccount, listTokens } from "../../core/partner-api/queries.ts";
import { ApiGrantsPage, ApiPartnerPage, ApiPartnersPage } from "./admin-views.tsx";
import { checkboxName, createApiPartner, createApiToken, resendDelivery, revokeApiToken, setApiGrant, updateApiPartnerWebhook } from "./admin-use-cases.ts";
import { ApiReferencePage } from "./reference-view.tsx";
import { openApiDocument } from "./openapi.ts";

const box = () => field.choice(["", "oui"], { required: "Cochez ou décochez la case." });
const eventBoxes = Object.fromEntries(WEBHOOK_EVENT_NAMES.map((event) => [checkboxName(event), box()]));
const partnerForm = defineForm({
  name: field.text({ required: "Saisissez le nom du partenaire.", max: 100 }),
  webhookUrl: field.text({ max: 500 }),
  ...eventBoxes,
});
const webhookForm = defineForm({ webhookUrl: field.text({ max: 500 }), ...eventBoxes });
const tokenForm = defineForm({
  label: field.text({ max: 100 }),
  days: field.text({ required: "Saisissez une durée de 1 à 366 jours.", max: 3 }),
  ...Object.fromEntries(API_SCOPE_NAMES.map((scope) => [checkboxName(scope), box()])),
});

const adminOnly = { preHandler: requirePlatformAdmin };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type PartnerParams = { Params: { partnerId: string } };

/** The admin pages of the API's partners, « Mon compte » › Partenaires autorisés, and the API's reference page. */
export function partnerApiAdminRoutes(app: FastifyInstance, deps: Deps) {
  const context = (request: FastifyRequest) => ({ actorId: sessionOf(request).accountId, ip: request.ip });
  const partnerOf = async (partnerId: string) => {
    const partner = UUID.test(partnerId) ? await findPartner(deps.db, partnerId) : undefined;
    if (!partner) throw new NotFoundError();
    return partner;
  };
  const partnerPage = async (partnerId: string) => {
    const partner = await partnerOf(partnerId);
    const [tokens, deliveries] = await Promise.all([listTokens(deps.db, partner.id), listDeliveries(deps.db, partner.id)]);
    return { partner, tokens, deliveries, attempts: await listAttempts(deps.db, deliveries.map((delivery) => delivery.id)) };
  };

  app.get("/api/reference", (request, reply) => renderPage(deps, request, reply, ApiReferencePage, { document: openApiDocument(deps.config.publicUrl) }));

  app.get("/administration/api", adminOnly, async (request, reply) => renderPage(deps, request, reply, ApiPartnersPage, { partners: await listPartners(deps.db) }));

  app.post(
    "/administration/api",
    adminOnly,
    formRoute(deps, { form: partnerForm, page: ApiPartnersPage, invalid: async (invalid) => ({ ...invalid, partners: await listPartners(deps.db) }) }, async (request, reply, form) => {
      const id = await createApiPartner(deps, form as Record<string, string>, context(request));
      return redirectWithFlash(reply, `/administration/api/${id}`);
    }),
  );

  app.get<PartnerParams>("/administration/api/:partnerId", adminOnly, async (request, reply) => renderPage(deps, request, reply, ApiPartnerPage, await partnerPage(request.params.partnerId)));

  app.post<PartnerParams>(
    "/administration/api/:partnerId/jetons",
    adminOnly,
    formRoute(
      deps,
      { form: tokenForm, page: ApiPartnerPage, invalid: async (invalid, request: FastifyRequest<PartnerParams>) => ({ ...invalid, ...(await partnerPage(request.params.partnerId)) }) },
      async (request: FastifyRequest<PartnerParams>, reply, form) => {
        const partner = await partnerOf(request.params.partnerId);
        const created = await createApiToken(deps, partner.id, form as Record<string, string>, context(request));
        return renderPage(deps, request, reply, ApiPartnerPage, { ...(await partnerPage(partner.id)), created }, 201);
      },
    ),
  );

  app.post<{ Params: { partnerId: string; tokenId: string } }>("/administration/api/:partnerId/jetons/:tokenId/revoquer", adminOnly, async (request, reply) => {
    const partner = await partnerOf(request.params.partnerId);
    if (!UUID.test(request.params.tokenId) || !(await revokeApiToken(deps, partner.id, request.params.tokenId, context(request)))) throw new NotFoundError();
    return redirectWithFlash(reply, `/administration/api/${partner.id}`);
  });

  app.post<PartnerParams>(
    "/administration/api/:partnerId/webhooks",
    adminOnly,
    formRoute(
      deps,
      { form: webhookForm, page: ApiPartnerPage, invalid: async (invalid, request: FastifyRequest<PartnerParams>) => ({ ...invalid, ...(await partnerPage(request.params.partnerId)) }) },
      async (request: FastifyRequest<PartnerParams>, reply, form) => {
        const partner = await partnerOf(request.params.partnerId);
        await updateApiPartnerWebhook(deps, partner.id, form as Record<string, string>, context(request));
        return redirectWithFlash(reply, `/administration/api/${partner.id}`);
      },
    ),
  );

  app.post<{ Params: { partnerId: string; deliveryId: string } }>("/administration/api/:partnerId/envois/:deliveryId/renvoyer", adminOnly, async (request, reply) => {
    const partner = await partnerOf(request.params.partnerId);
    if (!UUID.test(request.params.deliveryId) || !(await resendDelivery(deps, partner.id, request.params.deliveryId))) throw new NotFoundError();
    return redirectWithFlash(reply, `/administration/api/${partner.id}`);
  });

  app.get("/mon-compte/partenaires", { preHandler: requireAccount }, async (request, reply) =>
    renderPage(deps, request, reply, ApiGrantsPage, { partners: await listPartnersForAccount(deps.db, sessionOf(request).accountId) }),
  );

  app.post<{ Params: { partnerId: string; action: string } }>("/mon-compte/partenaires/:partnerId/:action", { preHandler: requireAccount }, async (request, reply) => {
    const { action } = request.params;
    if (action !== "autoriser" && action !== "retirer") throw new NotFoundError();
    const partner = await partnerOf(request.params.partnerId);
    await setApiGrant(deps, { accountId: sessionOf(request).accountId, partnerId: partner.id, granted: action === "autoriser", ip: request.ip });
    return redirectWithFlash(reply, "/mon-compte/partenaires");
  });
}
