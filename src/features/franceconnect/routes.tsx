import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAccount, sessionCookieName, sessionCookieOptions, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { setFranceConnectIdToken } from "../../platform/sessions/queries.ts";
import { closeSession } from "../../platform/sessions/sessions.ts";
import { formRoute, refusal, refusing } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { chooseFirstPassword } from "./choose-first-password.ts";
import { completeFranceConnect } from "./complete-franceconnect.ts";
import { createAccountFromFranceConnect } from "./create-account-from-franceconnect.ts";
import { FranceConnectProblem, FranceConnectUnavailable, type ProblemKind } from "./errors.ts";
import { linkFranceConnect } from "./link-franceconnect.ts";
import { linkPendingIdentity } from "./link-pending-identity.ts";
import { logInWithFranceConnect } from "./log-in-with-franceconnect.ts";
import { openPendingIdentity, PENDING_IDENTITY_COOKIE, PENDING_IDENTITY_LIFETIME_MS, sealPendingIdentity } from "./pending-identity.ts";
import { FLOW_LIFETIME_MS, startFranceConnect, type Flow } from "./start-franceconnect.ts";
import { openTicket } from "./tickets.ts";
import { accountHasPassword, unlinkFranceConnect } from "./unlink-franceconnect.ts";
import { RegisteredPage } from "../../core/accounts/registered-page.tsx";
import { AboutFranceConnectPage, FinishAccountPage, FirstPasswordPage, LinkExistingAccountPage, ProblemPage, UnlinkPage } from "./views.tsx";

/** The login in flight (state, nonce, PKCE verifier), signed; only FranceConnect's pages need it. */
const FLOW_COOKIE = "guichet_franceconnect";

const finishForm = defineForm({ email: field.text(), terms: field.text() });
const firstPasswordForm = defineForm({ newPassword: field.password(), newPasswordConfirmation: field.password() });
const signedIn = { preHandler: requireAccount };

const next: Record<ProblemKind, "login" | "activation" | "account" | "password"> = {
  cancelled: "login",
  failed: "login",
  expired: "login",
  "not-activated": "activation",
  "account-linked": "account",
  "identity-linked": "account",
  "password-needed": "password",
  "not-linked": "account",
};

/**
 * "S'identifier avec FranceConnect" (login and registration pages), its callback, the account's
 * creation or the link to an existing account, and in "Mon compte": link, unlink, first password.
 */
export function franceConnectRoutes(app: FastifyInstance, deps: Deps) {
  const cookie = (path: string, lifetimeMs: number) => ({ ...sessionCookieOptions(deps.config), path, maxAge: Math.floor(lifetimeMs / 1000) });
  const problems = [
    refusal(FranceConnectProblem, (error, request, reply) =>
      renderPage(deps, request, reply, ProblemPage, { title: error.title, message: error.message, next: next[error.kind] }, error.statusCode),
    ),
    refusal(FranceConnectUnavailable, (error, request, reply) =>
      renderPage(deps, request, reply, ProblemPage, { title: error.title, message: error.message, next: "login" as const }, error.statusCode),
    ),
  ];
  const configured = async (_request: FastifyRequest) => {
    if (!deps.config.franceConnect) throw new NotFoundError();
  };

  const leaveForFranceConnect = async (reply: FastifyReply, purpose: Flow["purpose"], accountId: string | null) => {
    const { url, ticket } = await startFranceConnect(deps, { purpose, accountId });
    reply.setCookie(FLOW_COOKIE, ticket, cookie("/franceconnect", FLOW_LIFETIME_MS));
    return reply.redirect(url, 303);
  };

  app.get("/franceconnect/qu-est-ce-que-c-est", (request, reply) => renderPage(deps, request, reply, AboutFranceConnectPage, {}));

  app.post("/franceconnect/connexion", { preHandler: configured }, refusing(problems, (_request, reply) => leaveForFranceConnect(reply, "login", null)));

  app.get(
    "/franceconnect/retour",
    { preHandler: configured },
    refusing(problems, async (request, reply) => {
      const query = new URLSearchParams(request.url.split("?")[1] ?? "");
      reply.clearCookie(FLOW_COOKIE, { path: "/franceconnect" });
      const answer = await completeFranceConnect(deps, { ticket: request.cookies[FLOW_COOKIE], query }, { ip: request.ip });
      if (answer.purpose === "link") {
        // Started from "Mon compte": the same person must still be signed in.
        const session = request.currentSession;
        if (!session || session.accountId !== answer.accountId) throw new FranceConnectProblem("expired");
        await linkFranceConnect(deps, { accountId: session.accountId, subject: answer.subject, identity: answer.identity }, { ip: request.ip });
        await setFranceConnectIdToken(deps.db, session.sessionId, answer.idToken);
        return redirectWithFlash(reply, "/mon-compte", "franceconnect-linked");
      }
      const login = await logInWithFranceConnect(deps, answer, { ip: request.ip, userAgent: request.headers["user-agent"] ?? "" });
      if (!login || "unconfirmedEmail" in login) {
        // Back before confirming the address: the page shows the address typed then, to check.
        const pending = login ? { ...answer, identity: { ...answer.identity, email: login.unconfirmedEmail } } : answer;
        reply.setCookie(PENDING_IDENTITY_COOKIE, await sealPendingIdentity(deps, pending), cookie("/franceconnect", PENDING_IDENTITY_LIFETIME_MS));
        return redirectWithFlash(reply, "/franceconnect/finaliser", login ? "franceconnect-unconfirmed" : undefined);
      }
      if (request.currentSession) await closeSession(deps, request.currentSession.sessionId);
      reply.setCookie(sessionCookieName(deps.config), login.sessionToken, sessionCookieOptions(deps.config));
      return reply.redirect(login.mustChangePassword ? "/mot-de-passe-temporaire" : "/tableau-de-bord", 303);
    }),
  );

  const pendingIdentity = async (request: FastifyRequest) => {
    const pending = await openPendingIdentity(deps, request.cookies[PENDING_IDENTITY_COOKIE]);
    if (!pending) throw new FranceConnectProblem("expired");
    return pending;
  };

  app.get(
    "/franceconnect/finaliser",
    refusing(problems, async (request, reply) => {
      const { identity } = await pendingIdentity(request);
      return renderPage(deps, request, reply, FinishAccountPage, { identity, values: { email: identity.email }, errors: {} });
    }),
  );

  app.post(
    "/franceconnect/finaliser",
    formRoute(
      deps,
      {
        form: finishForm,
        page: FinishAccountPage,
        invalid: async (invalid, request) => ({ identity: (await pendingIdentity(request)).identity, ...invalid }),
        refusals: problems,
      },
      async (request, reply, form) => {
        const email = await createAccountFromFranceConnect(deps, request.cookies[PENDING_IDENTITY_COOKIE], form, { ip: request.ip });
        reply.clearCookie(PENDING_IDENTITY_COOKIE, { path: "/franceconnect" });
        return renderPage(deps, request, reply, RegisteredPage, { email, afterwards: "Vous pourrez ensuite vous connecter avec FranceConnect." });
      },
    ),
  );

  app.get(
    "/franceconnect/relier",
    signedIn,
    refusing(problems, async (request, reply) => renderPage(deps, request, reply, LinkExistingAccountPage, { identity: (await pendingIdentity(request)).identity })),
  );

  app.post(
    "/franceconnect/relier",
    signedIn,
    refusing(problems, async (request, reply) => {
      await linkPendingIdentity(deps, request.cookies[PENDING_IDENTITY_COOKIE], sessionOf(request), { ip: request.ip });
      reply.clearCookie(PENDING_IDENTITY_COOKIE, { path: "/franceconnect" });
      return redirectWithFlash(reply, "/mon-compte", "franceconnect-linked");
    }),
  );

  // Back from FranceConnect's end_session: Guichet's session ended before leaving.
  app.get<{ Querystring: { state?: unknown } }>("/franceconnect/deconnecte", async (request, reply) => {
    const state = typeof request.query.state === "string" ? request.query.state : undefined;
    const ours = (await openTicket<string>(deps.db, state, deps.clock.now())) === "logout";
    return ours ? redirectWithFlash(reply, "/", "logged-out") : reply.redirect("/", 303);
  });

  app.post(
    "/mon-compte/franceconnect/relier",
    { preHandler: [requireAccount, configured] },
    refusing(problems, (request, reply) => leaveForFranceConnect(reply, "link", sessionOf(request).accountId)),
  );

  app.get("/mon-compte/franceconnect/delier", signedIn, (request, reply) => renderPage(deps, request, reply, UnlinkPage, {}));

  app.post(
    "/mon-compte/franceconnect/delier",
    signedIn,
    refusing(problems, async (request, reply) => {
      await unlinkFranceConnect(deps, sessionOf(request).accountId, { ip: request.ip });
      return redirectWithFlash(reply, "/mon-compte", "franceconnect-unlinked");
    }),
  );

  app.get("/mon-compte/franceconnect/mot-de-passe", signedIn, async (request, reply) => {
    // Already a password: changing it asks for the current one.
    if (await accountHasPassword(deps.db, sessionOf(request).accountId)) return reply.redirect("/mon-compte/mot-de-passe", 303);
    return renderPage(deps, request, reply, FirstPasswordPage, { errors: {} });
  });

  app.post(
    "/mon-compte/franceconnect/mot-de-passe",
    signedIn,
    formRoute(deps, { form: firstPasswordForm, page: FirstPasswordPage, invalid: ({ errors }) => ({ errors }) }, async (request, reply, form) => {
      const chosen = await chooseFirstPassword(deps, sessionOf(request).accountId, form, { ip: request.ip });
      // Already a password: changing it asks for the current one.
      return chosen ? redirectWithFlash(reply, "/mon-compte", "password-chosen") : reply.redirect("/mon-compte/mot-de-passe", 303);
    }),
  );
}
