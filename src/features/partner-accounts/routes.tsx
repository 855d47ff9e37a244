import type { FastifyInstance } from "fastify";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { renderPage } from "../../ui/render.ts";
import { listPartners } from "../../core/accounts/queries/partners.ts";
import { PartnerCreatedPage, PartnersPage } from "./admin-views.tsx";
import { createPartnerAccount } from "./create-partner-account.ts";
import { partnerFields } from "./partner-input.ts";
import { requestLostIdentifier } from "./request-lost-identifier.ts";
import { LostIdentifierPage, LostIdentifierSentPage } from "./views.tsx";

const lostIdentifierForm = defineForm({
  numero: field.text({ required: "Saisissez votre numéro utilisateur.", max: 40 }),
  canal: field.choice(["courriel", "courrier"], { required: "Choisissez comment recevoir votre identifiant." }),
  altcha: field.captcha(),
});

// The rules (names, address lines, number) are checkPartnerInput's, in the use case.
const partnerForm = defineForm(field.texts(partnerFields));

const adminOnly = { preHandler: requirePlatformAdmin };
const PARTNERS_LISTED = 50;

/** Partner accounts (seed 004): "Identifiant perdu" for their owners, creation for operators. */
export function partnerAccountsRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/identifiant-perdu", (request, reply) => renderPage(deps, request, reply, LostIdentifierPage, { values: {}, errors: {} }));

  app.post(
    "/identifiant-perdu",
    formRoute(deps, { form: lostIdentifierForm, page: LostIdentifierPage, invalid: (invalid) => invalid }, async (request, reply, form) => {
      const channel = await requestLostIdentifier(deps, form, { ip: request.ip });
      return renderPage(deps, request, reply, LostIdentifierSentPage, { channel });
    }),
  );

  const partners = () => listPartners(deps.db, PARTNERS_LISTED);

  app.get("/administration/comptes-partenaires", adminOnly, async (request, reply) => renderPage(deps, request, reply, PartnersPage, { partners: await partners() }));

  app.post(
    "/administration/comptes-partenaires",
    adminOnly,
    formRoute(deps, { form: partnerForm, page: PartnersPage, invalid: async (invalid) => ({ ...invalid, partners: await partners() }) }, async (request, reply, form) => {
      const partner = await createPartnerAccount(deps, form, { actorId: sessionOf(request).accountId, ip: request.ip, via: "admin" });
      return renderPage(deps, request, reply, PartnerCreatedPage, { partner });
    }),
  );
}
