import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { checkResetLink } from "./check-reset-link.ts";
import { ResetLinkUnusable, type ResetLinkProblem } from "./errors.ts";
import { requestIdentifierReminder } from "./request-identifier-reminder.ts";
import { requestPasswordReset } from "./request-password-reset.ts";
import { resetPassword } from "./reset-password.ts";
import { RecoveryPage, ResetLinkProblemPage, ResetPasswordPage } from "./views.tsx";

// A forged link is "not found"; an expired or used one is "gone".
const problemStatus = (problem: ResetLinkProblem) => (problem === "unknown" ? 404 : 410);

export function recoveryRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/recuperer-mes-informations", (request, reply) => renderPage(deps, request, reply, RecoveryPage, { values: {}, errors: {}, sent: null }));

  app.post("/recuperer-mes-informations/identifiant", async (request, reply) => {
    const form = readForm(request.body, ["email"]);
    try {
      await requestIdentifierReminder(deps, form, { ip: request.ip });
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return renderPage(deps, request, reply, RecoveryPage, { values: form, errors: error.errors, sent: null }, 422);
    }
    return renderPage(deps, request, reply, RecoveryPage, { values: {}, errors: {}, sent: "identifier-reminder" as const });
  });

  app.post("/recuperer-mes-informations/mot-de-passe", async (request, reply) => {
    const form = readForm(request.body, ["login"]);
    try {
      await requestPasswordReset(deps, form, { ip: request.ip });
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return renderPage(deps, request, reply, RecoveryPage, { values: form, errors: error.errors, sent: null }, 422);
    }
    return renderPage(deps, request, reply, RecoveryPage, { values: {}, errors: {}, sent: "password-reset" as const });
  });

  app.get<{ Querystring: { jeton?: string } }>("/reinitialiser-mon-mot-de-passe", async (request, reply) => {
    const token = typeof request.query.jeton === "string" ? request.query.jeton : "";
    const problem = await checkResetLink(deps, token);
    if (problem) return renderPage(deps, request, reply, ResetLinkProblemPage, { problem }, problemStatus(problem));
    return renderPage(deps, request, reply, ResetPasswordPage, { token, errors: {} });
  });

  app.post("/reinitialiser-mon-mot-de-passe", async (request, reply) => {
    const form = readForm(request.body, ["jeton", "newPassword", "newPasswordConfirmation"], { keepSpaces: ["newPassword", "newPasswordConfirmation"] });
    try {
      await resetPassword(deps, { token: form.jeton, newPassword: form.newPassword, newPasswordConfirmation: form.newPasswordConfirmation }, { ip: request.ip });
    } catch (error) {
      if (error instanceof FormError) return renderPage(deps, request, reply, ResetPasswordPage, { token: form.jeton, errors: error.errors }, 422);
      if (error instanceof ResetLinkUnusable)
        return renderPage(deps, request, reply, ResetLinkProblemPage, { problem: error.problem }, problemStatus(error.problem));
      throw error;
    }
    return redirectWithFlash(reply, "/connexion", "password-reset");
  });
}
