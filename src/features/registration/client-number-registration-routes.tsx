import type { FastifyInstance } from "fastify";
import { MINUTE } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { readForm, withoutSecrets } from "../../platform/http/forms.ts";
import { renderPage } from "../../ui/render.ts";
import { consumeTicket, readTicket, signTicket, storedSecret, TicketAlreadyUsed } from "../../platform/security/app-secrets.ts";
import { registerAccount } from "../../core/accounts/register-account.ts";
import { RegisteredPage } from "../../core/accounts/registered-page.tsx";
import { attachInTransaction } from "../../core/organisations/attach-organisation.ts";
import { lookUpClientNumber } from "./look-up-client-number.ts";
import { AccountStepPage, ClientNumberStepPage, FirstUserRegisteredPage } from "./client-number-registration-views.tsx";
import { findRegisterEntry, hasNoActiveMember } from "../../core/organisations/queries/organisations.ts";
import { NoLongerFirstUser, registerFirstUser } from "./register-first-user.ts";

const TICKET_LIFETIME_MS = 30 * MINUTE;
const accountFields = ["identifier", "password", "passwordConfirmation", "civility", "lastName", "firstName", "email", "emailConfirmation", "terms"] as const;


/**
 * Seed 002, "Créer mon compte" with the client number: step 1 checks the number behind the
 * captcha; step 2 carries it in a signed ticket, so that the captcha is not asked twice and
 * nobody skips it by posting step 2 directly.
 */
export async function clientNumberRegistrationRoutes(app: FastifyInstance, deps: Deps) {
  const ticketKey = () => storedSecret(deps.db, "registration_ticket_key");
  const brandOrganisation = deps.config.brand.organisation;

  app.get("/creer-un-compte/numero-client", (request, reply) => {
    if (request.currentSession) return reply.redirect("/structures/ajouter", 303);
    return renderPage(deps, request, reply, ClientNumberStepPage, { values: {}, errors: {}, brandOrganisation });
  });

  app.post("/creer-un-compte/numero-client", async (request, reply) => {
    const form = readForm(request.body, ["numero", "altcha"]);
    const found = await lookUpClientNumber(deps, { numero: form.numero, altcha: form.altcha, ip: request.ip });
    if (!found.ok) return renderPage(deps, request, reply, ClientNumberStepPage, { values: { numero: form.numero }, errors: found.errors, brandOrganisation }, found.status);
    const ticket = signTicket(await ticketKey(), found.entry.id, new Date(deps.clock.now().getTime() + TICKET_LIFETIME_MS));
    const first = await hasNoActiveMember(deps.db, found.entry.id);
    return renderPage(deps, request, reply, AccountStepPage, { organisationName: found.entry.name, ticket, first, values: {}, errors: {} });
  });

  app.post("/creer-un-compte/numero-client/compte", async (request, reply) => {
    const form = readForm(request.body, [...accountFields, "ticket", "cas"], { keepSpaces: ["password", "passwordConfirmation"] });
    const registerId = readTicket(await ticketKey(), form.ticket, deps.clock.now());
    const entry = registerId ? await findRegisterEntry(deps.db, registerId) : undefined;
    if (!entry) {
      const errors = { numero: "Votre saisie a expiré (30 minutes) : saisissez à nouveau votre numéro client." };
      return renderPage(deps, request, reply, ClientNumberStepPage, { values: {}, errors, brandOrganisation }, 422);
    }
    const step = { organisationName: entry.name, ticket: form.ticket, values: withoutSecrets(form, ["password", "passwordConfirmation"]) };
    // One account per solved captcha: the ticket is used up with the registration it allowed.
    const useTicket = (db: Db) => consumeTicket(db, form.ticket, new Date(deps.clock.now().getTime() + TICKET_LIFETIME_MS));
    const ticketUsed = () => {
      const errors = { numero: "Cette inscription est déjà enregistrée. Pour créer un autre compte, saisissez à nouveau le numéro client." };
      return renderPage(deps, request, reply, ClientNumberStepPage, { values: {}, errors, brandOrganisation }, 422);
    };
    if (form.cas === "premier") {
      try {
        await registerFirstUser(deps, form, { entry, ip: request.ip, useTicket });
        return renderPage(deps, request, reply, FirstUserRegisteredPage, { organisationName: entry.name });
      } catch (error) {
        if (error instanceof TicketAlreadyUsed) return ticketUsed();
        if (error instanceof FormError) return renderPage(deps, request, reply, AccountStepPage, { ...step, first: true, errors: error.errors }, 422);
        if (!(error instanceof NoLongerFirstUser)) throw error;
        const notice = "Entre-temps, un autre utilisateur de votre établissement a créé son compte : choisissez votre mot de passe ; votre demande sera validée par l'administrateur.";
        return renderPage(deps, request, reply, AccountStepPage, { ...step, first: false, errors: {}, notice }, 409);
      }
    }
    try {
      await registerAccount(
        deps,
        { ...form, altcha: "" },
        { ip: request.ip },
        {
          captchaSolved: true,
          onCreated: async (db, accountId) => {
            await useTicket(db);
            await attachInTransaction(deps, db, { accountId, sessionId: null, entry, ip: request.ip });
          },
        },
      );
    } catch (error) {
      if (error instanceof TicketAlreadyUsed) return ticketUsed();
      if (!(error instanceof FormError)) throw error;
      return renderPage(deps, request, reply, AccountStepPage, { ...step, first: false, errors: error.errors }, 422);
    }
    return renderPage(deps, request, reply, RegisteredPage, { email: form.email });
  });
}
