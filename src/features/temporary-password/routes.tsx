import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { findAccountById } from "../../core/accounts/queries/accounts.ts";
import { choosePassword } from "./choose-password.ts";
import { ChoosePasswordPage } from "./views.tsx";

// The one page (with logout) a person holding a temporary password may reach.
const options = { preHandler: requireAccount, config: { allowWithTemporaryPassword: true } };

// The password policy is checkNewPassword's, in the use case.
const choosePasswordForm = defineForm({ newPassword: field.password(), newPasswordConfirmation: field.password() });

export function temporaryPasswordRoutes(app: FastifyInstance, deps: Deps) {
  /** Partner accounts' temporary passwords came by post. */
  const postal = async (request: FastifyRequest) => (await findAccountById(deps.db, sessionOf(request).accountId))?.kind === "partner";

  app.get("/mot-de-passe-temporaire", options, async (request, reply) => {
    if (!sessionOf(request).mustChangePassword) return reply.redirect("/mon-compte", 303);
    return renderPage(deps, request, reply, ChoosePasswordPage, { errors: {}, postal: await postal(request) });
  });

  app.post(
    "/mot-de-passe-temporaire",
    options,
    formRoute(deps, { form: choosePasswordForm, page: ChoosePasswordPage, invalid: async ({ errors }, request) => ({ errors, postal: await postal(request) }) }, async (request, reply, form) => {
      const changed = await choosePassword(deps, sessionOf(request), form, { ip: request.ip });
      if (!changed) return reply.redirect("/mon-compte", 303);
      return redirectWithFlash(reply, "/mon-compte", "password-changed");
    }),
  );
}
