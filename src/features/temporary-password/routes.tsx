import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireAccount, requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { findAccountById } from "../../core/accounts/queries/accounts.ts";
import { listPlatformAdmins } from "../../core/accounts/queries/platform-admins.ts";
import { choosePassword } from "./choose-password.ts";
import { ChoosePasswordPage } from "./views.tsx";
import { createPlatformAdmin } from "./create-platform-admin.ts";
import { PLATFORM_ADMINS_PATH, PlatformAdminCreatedPage, PlatformAdminsPage } from "./admin-views.tsx";

// The one page (with logout) a person holding a temporary password may reach.
const options = { preHandler: requireAccount, config: { allowWithTemporaryPassword: true } };

// The password policy is checkNewPassword's, in the use case.
const choosePasswordForm = defineForm({ newPassword: field.password(), newPasswordConfirmation: field.password() });

// The names are required here (the CLI may leave them to defaults); the rules are the use case's.
const platformAdminForm = defineForm({
  identifier: field.text(),
  email: field.text(),
  lastName: field.text({ required: "Indiquez le nom." }),
  firstName: field.text({ required: "Indiquez le prénom." }),
});

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

  // "Administrateurs du portail": platform admins create platform admins; the temporary password is mailed.
  app.get(PLATFORM_ADMINS_PATH, { preHandler: requirePlatformAdmin }, async (request, reply) =>
    renderPage(deps, request, reply, PlatformAdminsPage, { admins: await listPlatformAdmins(deps.db) }),
  );
  app.post(
    PLATFORM_ADMINS_PATH,
    { preHandler: requirePlatformAdmin },
    formRoute(deps, { form: platformAdminForm, page: PlatformAdminsPage, invalid: async (invalid) => ({ ...invalid, admins: await listPlatformAdmins(deps.db) }) }, async (request, reply, form) => {
      const admin = await createPlatformAdmin(deps, form, { actorId: sessionOf(request).accountId, ip: request.ip, via: "admin", mailing: deps });
      return renderPage(deps, request, reply, PlatformAdminCreatedPage, { admin });
    }),
  );
}
