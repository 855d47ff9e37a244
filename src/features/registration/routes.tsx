import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { activateAccount } from "./activate-account.ts";
import { registerAccount } from "../../core/accounts/register-account.ts";
import { resendActivation } from "./resend-activation.ts";
import { RegisteredPage } from "../../core/accounts/registered-page.tsx";
import { ActivationProblemPage, RegisterPage, ResendActivationPage, TermsPage } from "./views.tsx";

// The rules are registerAccount's: the client-number registration shares them.
const registrationForm = defineForm({
  identifier: field.text(),
  password: field.password(),
  passwordConfirmation: field.password(),
  civility: field.text(),
  lastName: field.text(),
  firstName: field.text(),
  email: field.text(),
  emailConfirmation: field.text(),
  terms: field.text(),
  altcha: field.captcha(),
});

const resendForm = defineForm({
  login: field.text({ required: "Saisissez votre identifiant ou votre adresse électronique.", max: 254 }),
});

export function registrationRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/creer-un-compte", (request, reply) => {
    if (request.currentSession) return reply.redirect("/mon-compte", 303);
    return renderPage(deps, request, reply, RegisterPage, { values: {}, errors: {} });
  });

  app.post(
    "/creer-un-compte",
    formRoute(deps, { form: registrationForm, page: RegisterPage, invalid: (invalid) => invalid }, async (request, reply, form) => {
      await registerAccount(deps, form, { ip: request.ip });
      return renderPage(deps, request, reply, RegisteredPage, { email: form.email });
    }),
  );

  app.get<{ Querystring: { jeton?: string } }>("/activer-mon-compte", async (request, reply) => {
    const result = await activateAccount(deps, String(request.query.jeton ?? ""), { ip: request.ip });
    if (result === "activated") return redirectWithFlash(reply, "/connexion", "account-activated");
    return renderPage(deps, request, reply, ActivationProblemPage, { result }, result === "unknown" ? 404 : 410);
  });

  app.get("/activer-mon-compte/nouveau-lien", (request, reply) =>
    renderPage(deps, request, reply, ResendActivationPage, { values: {}, errors: {}, sent: false }),
  );

  app.post(
    "/activer-mon-compte/nouveau-lien",
    formRoute(deps, { form: resendForm, page: ResendActivationPage, invalid: (invalid) => ({ ...invalid, sent: false }) }, async (request, reply, form) => {
      await resendActivation(deps, form);
      return renderPage(deps, request, reply, ResendActivationPage, { values: {}, errors: {}, sent: true });
    }),
  );

  app.get("/conditions-generales-d-utilisation", (request, reply) => renderPage(deps, request, reply, TermsPage, {}));
}
