import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { isValidEmail } from "../../core/accounts/identifiers.ts";
import { formRoute, refusal } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { checkResetLink } from "./check-reset-link.ts";
import { ResetLinkUnusable, type ResetLinkProblem } from "./errors.ts";
import { requestIdentifierReminder } from "./request-identifier-reminder.ts";
import { requestPasswordReset } from "./request-password-reset.ts";
import { resetPassword } from "./reset-password.ts";
import { RecoveryPage, ResetLinkProblemPage, ResetPasswordPage } from "./views.tsx";

// A forged link is "not found"; an expired or used one is "gone".
const problemStatus = (problem: ResetLinkProblem) => (problem === "unknown" ? 404 : 410);

const identifierReminderForm = defineForm({
  email: field.text({
    required: "Saisissez votre adresse électronique.",
    check: isValidEmail,
    invalid: "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
  }),
});

const passwordResetForm = defineForm({
  login: field.text({ required: "Saisissez votre identifiant ou votre adresse électronique.", max: 254 }),
});

// The new password's rules are checkNewPassword's, in the use case.
const resetPasswordForm = defineForm({ jeton: field.text(), newPassword: field.password(), newPasswordConfirmation: field.password() });

export function recoveryRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/recuperer-mes-informations", (request, reply) => renderPage(deps, request, reply, RecoveryPage, { values: {}, errors: {}, sent: null }));

  app.post(
    "/recuperer-mes-informations/identifiant",
    formRoute(deps, { form: identifierReminderForm, page: RecoveryPage, invalid: (invalid) => ({ ...invalid, sent: null }) }, async (request, reply, form) => {
      await requestIdentifierReminder(deps, form, { ip: request.ip });
      return renderPage(deps, request, reply, RecoveryPage, { values: {}, errors: {}, sent: "identifier-reminder" as const });
    }),
  );

  app.post(
    "/recuperer-mes-informations/mot-de-passe",
    formRoute(deps, { form: passwordResetForm, page: RecoveryPage, invalid: (invalid) => ({ ...invalid, sent: null }) }, async (request, reply, form) => {
      await requestPasswordReset(deps, form, { ip: request.ip });
      return renderPage(deps, request, reply, RecoveryPage, { values: {}, errors: {}, sent: "password-reset" as const });
    }),
  );

  app.get<{ Querystring: { jeton?: string } }>("/reinitialiser-mon-mot-de-passe", async (request, reply) => {
    const token = typeof request.query.jeton === "string" ? request.query.jeton : "";
    const problem = await checkResetLink(deps, token);
    if (problem) return renderPage(deps, request, reply, ResetLinkProblemPage, { problem }, problemStatus(problem));
    return renderPage(deps, request, reply, ResetPasswordPage, { token, errors: {} });
  });

  app.post(
    "/reinitialiser-mon-mot-de-passe",
    formRoute(
      deps,
      {
        form: resetPasswordForm,
        page: ResetPasswordPage,
        invalid: ({ values, errors }) => ({ token: values.jeton ?? "", errors }),
        refusals: [
          refusal(ResetLinkUnusable, (error, request, reply) =>
            renderPage(deps, request, reply, ResetLinkProblemPage, { problem: error.problem }, problemStatus(error.problem)),
          ),
        ],
      },
      async (request, reply, form) => {
        await resetPassword(deps, { token: form.jeton, newPassword: form.newPassword, newPasswordConfirmation: form.newPasswordConfirmation }, { ip: request.ip });
        return redirectWithFlash(reply, "/connexion", "password-reset");
      },
    ),
  );
}
