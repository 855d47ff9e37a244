import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import { findCurrentSession, type CurrentSession } from "../sessions/sessions.ts";
import type { Deps } from "./deps.ts";
import { NotFoundError } from "./errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in session with its account's main fields, or null. */
    currentSession: CurrentSession | null;
  }
  interface FastifyContextConfig {
    /** Routes still reachable while a temporary password must be replaced (the change page, logout). */
    allowWithTemporaryPassword?: boolean;
  }
}

/** `__Host-` in production: the cookie is then bound to this exact origin, over HTTPS only. */
export function sessionCookieName(config: Config) {
  return config.env === "production" ? "__Host-guichet_session" : "guichet_session";
}

/** The CSRF secret's cookie (@fastify/csrf-protection, registered in src/app.ts). */
export function csrfCookieName(config: Config) {
  return config.env === "production" ? "__Host-guichet_csrf" : "guichet_csrf";
}

export function sessionCookieOptions(config: Config) {
  return { path: "/", httpOnly: true, sameSite: "lax" as const, secure: config.env === "production" };
}

/** Reads the session cookie on every page request; static files skip the lookup. */
export function registerSessionHook(app: FastifyInstance, deps: Deps) {
  const cookieName = sessionCookieName(deps.config);
  app.decorateRequest("currentSession", null);
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/static/")) return;
    const token = request.cookies[cookieName];
    if (!token) return;
    request.currentSession = await findCurrentSession(deps, token);
    if (!request.currentSession) reply.clearCookie(cookieName, sessionCookieOptions(deps.config));
  });
}

/**
 * Guard for pages of the personal space: anonymous visitors go to the login page and come back
 * afterwards; a person holding a temporary password must first choose a new one.
 */
export async function requireAccount(request: FastifyRequest, reply: FastifyReply) {
  const session = request.currentSession;
  if (!session) {
    const back = request.method === "GET" ? `?retour=${encodeURIComponent(request.url)}` : "";
    return reply.redirect(`/connexion${back}`, 303);
  }
  if (session.mustChangePassword && !request.routeOptions.config.allowWithTemporaryPassword) {
    return reply.redirect("/mot-de-passe-temporaire", 303);
  }
}

/** Guard for platform administration pages. */
export async function requirePlatformAdmin(request: FastifyRequest, reply: FastifyReply) {
  await requireAccount(request, reply);
  if (reply.sent) return;
  // Not "forbidden": the administration pages' existence is nobody else's business.
  if (request.currentSession?.role !== "platform_admin") throw new NotFoundError();
}

/** The signed-in session; only call behind `requireAccount`. */
export function sessionOf(request: FastifyRequest): CurrentSession {
  if (!request.currentSession) throw new Error("sessionOf() called on a route without requireAccount");
  return request.currentSession;
}
