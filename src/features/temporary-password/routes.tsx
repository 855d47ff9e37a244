import type { FastifyInstance } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { choosePassword } from "./choose-password.ts";
import { ChoosePasswordPage } from "./views.tsx";

// The one page (with logout) a person holding a temporary password may reach.
const options = { preHandler: requireAccount, config: { allowWithTemporaryPassword: true } };

export function temporaryPasswordRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/mot-de-passe-temporaire", options, (request, reply) => {
    if (!sessionOf(request).mustChangePassword) return reply.redirect("/mon-compte", 303);
    return renderPage(deps, request, reply, ChoosePasswordPage, { errors: {} });
  });

  app.post("/mot-de-passe-temporaire", options, async (request, reply) => {
    const form = readForm(request.body, ["newPassword", "newPasswordConfirmation"], { keepSpaces: ["newPassword", "newPasswordConfirmation"] });
    try {
      const changed = await choosePassword(deps, sessionOf(request), form, { ip: request.ip });
      if (!changed) return reply.redirect("/mon-compte", 303);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return renderPage(deps, request, reply, ChoosePasswordPage, { errors: error.errors }, 422);
    }
    return redirectWithFlash(reply, "/mon-compte", "password-changed");
  });
}
