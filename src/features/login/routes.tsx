import type { FastifyInstance, FastifyReply } from "fastify";
import { requireAccount, sessionCookieName, sessionCookieOptions, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { redirectWithFlash, renderPage } from "../../platform/http/render.ts";
import { safeReturnPath } from "../../platform/http/return-path.ts";
import { closeSession } from "../../platform/sessions/sessions.ts";
import { AccountNotActivated, LoginRefused } from "./errors.ts";
import { logIn } from "./log-in.ts";
import { logOut } from "./log-out.ts";
import { LoginPage, NotActivatedPage } from "./views.tsx";

export function loginRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Querystring: { retour?: unknown } }>("/connexion", (request, reply) => {
    if (request.currentSession) return reply.redirect("/tableau-de-bord", 303);
    const retour = safeReturnPath(request.query.retour);
    return renderPage(deps, request, reply, LoginPage, { values: retour ? { retour } : {}, errors: {}, captchaRequired: false });
  });

  app.post("/connexion", async (request, reply) => {
    const form = readForm(request.body, ["login", "password", "altcha", "retour"], { keepSpaces: ["password"] });
    // The return address is settled before any session exists, so no answer can leave one orphaned.
    const retour = safeReturnPath(form.retour);
    const values = { login: form.login, retour: retour ?? "" };
    try {
      const { sessionToken, mustChangePassword } = await logIn(deps, form, { ip: request.ip, userAgent: request.headers["user-agent"] ?? "" });
      // A new session at every login; the one the browser had (if any) ends.
      if (request.currentSession) await closeSession(deps, request.currentSession.sessionId);
      reply.setCookie(sessionCookieName(deps.config), sessionToken, sessionCookieOptions(deps.config));
      return reply.redirect(mustChangePassword ? "/mot-de-passe-temporaire" : (retour ?? "/tableau-de-bord"), 303);
    } catch (error) {
      if (error instanceof FormError)
        return renderPage(deps, request, reply, LoginPage, { values, errors: error.errors, captchaRequired: "altcha" in error.errors }, 422);
      if (error instanceof LoginRefused)
        return renderPage(deps, request, reply, LoginPage, { values, errors: {}, refusal: error.message, captchaRequired: error.captchaRequired }, 422);
      if (error instanceof AccountNotActivated) return renderPage(deps, request, reply, NotActivatedPage, { login: form.login }, 403);
      throw error;
    }
  });

  app.post("/deconnexion", { preHandler: requireAccount, config: { allowWithTemporaryPassword: true } }, async (request, reply: FastifyReply) => {
    const session = sessionOf(request);
    await logOut(deps, session, { ip: request.ip });
    reply.clearCookie(sessionCookieName(deps.config), sessionCookieOptions(deps.config));
    return redirectWithFlash(reply, "/", "logged-out");
  });
}
