import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { readForm, withoutSecrets } from "../../platform/http/forms.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { activateAccount } from "./activate-account.ts";
import { registerAccount } from "../../core/accounts/register-account.ts";
import { resendActivation } from "./resend-activation.ts";
import { ActivationProblemPage, RegisteredPage, RegisterPage, ResendActivationPage, TermsPage } from "./views.tsx";

const registrationFields = [
  "identifier",
  "password",
  "passwordConfirmation",
  "civility",
  "lastName",
  "firstName",
  "email",
  "emailConfirmation",
  "terms",
  "altcha",
] as const;
const secrets = ["password", "passwordConfirmation", "altcha"] as const;

export function registrationRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/creer-un-compte", (request, reply) => {
    if (request.currentSession) return reply.redirect("/mon-compte", 303);
    return renderPage(deps, request, reply, RegisterPage, { values: {}, errors: {} });
  });

  app.post("/creer-un-compte", async (request, reply) => {
    const form = readForm(request.body, registrationFields, { keepSpaces: ["password", "passwordConfirmation"] });
    try {
      await registerAccount(deps, form, { ip: request.ip });
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return renderPage(deps, request, reply, RegisterPage, { values: withoutSecrets(form, secrets), errors: error.errors }, 422);
    }
    return renderPage(deps, request, reply, RegisteredPage, { email: form.email });
  });

  app.get<{ Querystring: { jeton?: string } }>("/activer-mon-compte", async (request, reply) => {
    const result = await activateAccount(deps, String(request.query.jeton ?? ""), { ip: request.ip });
    if (result === "activated") return redirectWithFlash(reply, "/connexion", "account-activated");
    return renderPage(deps, request, reply, ActivationProblemPage, { result }, result === "unknown" ? 404 : 410);
  });

  app.get("/activer-mon-compte/nouveau-lien", (request, reply) =>
    renderPage(deps, request, reply, ResendActivationPage, { values: {}, errors: {}, sent: false }),
  );

  app.post("/activer-mon-compte/nouveau-lien", async (request, reply) => {
    const form = readForm(request.body, ["login"]);
    try {
      await resendActivation(deps, form);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return renderPage(deps, request, reply, ResendActivationPage, { values: form, errors: error.errors, sent: false }, 422);
    }
    return renderPage(deps, request, reply, ResendActivationPage, { values: {}, errors: {}, sent: true });
  });

  app.get("/conditions-generales-d-utilisation", (request, reply) => renderPage(deps, request, reply, TermsPage, {}));
}
