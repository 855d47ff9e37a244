import type { FastifyInstance, FastifyReply } from "fastify";
import { requireAccount, sessionCookieName, sessionCookieOptions, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute, refusal } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { safeReturnPath } from "../../platform/http/return-path.ts";
import { closeSession } from "../../platform/sessions/sessions.ts";
import { AccountNotActivated, LoginRefused } from "./errors.ts";
import { landingOf } from "./landing.ts";
import { logIn } from "./log-in.ts";
import { logOut, type LogoutExit, type LogoutHook } from "./log-out.ts";
import { LoginPage, NotActivatedPage } from "./views.tsx";

const loginForm = defineForm({
  login: field.text({ required: "Saisissez votre identifiant ou votre adresse électronique.", max: 254 }),
  password: field.password({ required: "Saisissez votre mot de passe." }),
  altcha: field.captcha(),
  retour: field.text(),
});

/** The login page shown again keeps the login and a safe return path only. */
const valuesAgain = (sent: Record<string, string>) => ({ login: sent.login ?? "", retour: safeReturnPath(sent.retour) ?? "" });

export const loginRoutes = (hooks: { onLogout: readonly LogoutHook[]; exits?: readonly LogoutExit[] }) => (app: FastifyInstance, deps: Deps) => {
  app.get<{ Querystring: { retour?: unknown } }>("/connexion", async (request, reply) => {
    if (request.currentSession) return reply.redirect(await landingOf(deps.db, request.currentSession), 303);
    const retour = safeReturnPath(request.query.retour);
    return renderPage(deps, request, reply, LoginPage, { values: retour ? { retour } : {}, errors: {}, captchaRequired: false });
  });

  app.post(
    "/connexion",
    formRoute(
      deps,
      {
        form: loginForm,
        page: LoginPage,
        invalid: ({ values, errors }) => ({ values: valuesAgain(values), errors, captchaRequired: "altcha" in errors }),
        refusals: [
          refusal(LoginRefused, (error, request, reply, sent) =>
            renderPage(deps, request, reply, LoginPage, { values: valuesAgain(sent), errors: {}, refusal: error.message, captchaRequired: error.captchaRequired }, 422),
          ),
          refusal(AccountNotActivated, (_error, request, reply, sent) => renderPage(deps, request, reply, NotActivatedPage, { login: sent.login ?? "" }, 403)),
        ],
      },
      async (request, reply, form) => {
        // The return address is settled before any session exists, so no answer can leave one orphaned.
        const retour = safeReturnPath(form.retour);
        const { sessionToken, mustChangePassword, accountId, role } = await logIn(deps, form, { ip: request.ip, userAgent: request.headers["user-agent"] ?? "" });
        // A new session at every login; the one the browser had (if any) ends.
        if (request.currentSession) await closeSession(deps, request.currentSession.sessionId);
        reply.setCookie(sessionCookieName(deps.config), sessionToken, sessionCookieOptions(deps.config));
        return reply.redirect(mustChangePassword ? "/mot-de-passe-temporaire" : (retour ?? (await landingOf(deps.db, { accountId, role }))), 303);
      },
    ),
  );

  app.post("/deconnexion", { preHandler: requireAccount, config: { allowWithTemporaryPassword: true } }, async (request, reply: FastifyReply) => {
    const session = sessionOf(request);
    let exit: string | undefined;
    for (const candidate of hooks.exits ?? []) exit ??= await candidate(deps, session);
    await logOut(deps, session, { ip: request.ip }, hooks.onLogout);
    reply.clearCookie(sessionCookieName(deps.config), sessionCookieOptions(deps.config));
    return exit ? reply.redirect(exit, 303) : redirectWithFlash(reply, "/", "logged-out");
  });
};
