import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ErrorPage } from "./error-page.tsx";
import type { Deps } from "../platform/http/deps.ts";
import { NotFoundError, PageError } from "../platform/http/errors.ts";
import { isDatabaseUnavailable } from "../platform/db/unavailable.ts";
import { renderPage } from "./render.ts";

/**
 * The multipart parser (busboy) reports a body cut before its closing boundary, or a multipart
 * type without a boundary, as plain errors with no status: they are the sender's fault, not ours.
 * Recognised by their messages, which multipart.test.ts pins against the real parser.
 */
export function isMalformedMultipart(error: Error): boolean {
  return (
    error.message === "Unexpected end of multipart data" ||
    error.message === "Multipart: Boundary not found" ||
    error.message.endsWith(" terminated early due to unexpected end of multipart data")
  );
}

/** Fastify's own client errors, told in French. */
function clientErrorPage(error: FastifyError): { status: number; title: string; message: string } | null {
  if (isMalformedMultipart(error)) {
    return {
      status: 400,
      title: "Envoi incomplet",
      message: "Le formulaire n'a pas été reçu en entier (la connexion a peut-être été interrompue). Revenez à la page précédente et envoyez-le de nouveau.",
    };
  }
  if (error.code === "FST_ERR_BAD_URL") {
    return { status: 400, title: "Adresse incorrecte", message: "L'adresse demandée contient des caractères incorrects. Vérifiez-la, ou revenez à l'accueil." };
  }
  if (error.code?.startsWith("FST_CSRF")) {
    return {
      status: 403,
      title: "Formulaire expiré",
      message: "Ce formulaire a expiré ou n'a pas été envoyé depuis ce site. Revenez à la page précédente, rechargez-la puis envoyez-la de nouveau.",
    };
  }
  if (error.statusCode === 429) {
    return { status: 429, title: "Trop de demandes", message: "Vous avez envoyé trop de demandes en peu de temps. Patientez une minute avant de réessayer." };
  }
  if (error.statusCode === 414) {
    return { status: 414, title: "Adresse trop longue", message: "L'adresse demandée est trop longue. Vérifiez-la, ou revenez à l'accueil." };
  }
  if (error.statusCode === 413) {
    return { status: 413, title: "Envoi trop volumineux", message: "Les données envoyées dépassent la taille autorisée." };
  }
  if (error.statusCode === 415) {
    return { status: 415, title: "Format non accepté", message: "Le format des données envoyées n'est pas accepté par ce formulaire." };
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: 400, title: "Demande incorrecte", message: "La demande envoyée est incorrecte. Revenez à la page précédente et réessayez." };
  }
  return null;
}

/** The page shown while the database cannot be reached. */
export const SERVICE_UNAVAILABLE = {
  title: "Service momentanément indisponible",
  message:
    "Le service est momentanément indisponible, sans que vous y soyez pour rien. Réessayez dans quelques instants ; si vous envoyiez un formulaire, vérifiez ensuite qu'il a bien été pris en compte.",
};

/** Where a request Fastify refused before routing it is routed again, to be answered as a page. */
const FRAMEWORK_ERROR_PATH = "/erreur-de-requete";
const frameworkErrorsOf = new WeakMap<IncomingMessage, FastifyError>();

/**
 * Fastify's `frameworkErrors` option. A malformed percent-encoding in the path ("/demandes/%C3%28")
 * or an over-long parameter is refused by the router before any hook runs, so Fastify's own answer
 * is raw JSON without the security headers. The request is routed again to FRAMEWORK_ERROR_PATH,
 * whose handler throws the error: it then goes through every hook (headers, session, rate limit,
 * request log) and the error handler below, like any other page.
 */
export function routeFrameworkErrorsAgain(app: () => FastifyInstance) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const raw: IncomingMessage = request.raw;
    if (frameworkErrorsOf.has(raw)) return answerPlainly(reply.raw);
    frameworkErrorsOf.set(raw, error);
    raw.url = FRAMEWORK_ERROR_PATH;
    app().routing(raw, reply.raw);
  };
}

/** Never expected (the second routing goes to a fixed path): a bare French 400 rather than a loop. */
function answerPlainly(response: ServerResponse) {
  response.writeHead(400, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
  response.end("Demande incorrecte.");
}

/** One place maps errors to pages: feature errors, client errors, then the 500 page. */
export function registerErrorHandlers(app: FastifyInstance, deps: Deps) {
  // Open to every method and to no form, so it needs no CSRF token; visited directly it is a 404.
  app.all(FRAMEWORK_ERROR_PATH, { config: { skipCsrf: true } }, async (request) => {
    throw frameworkErrorsOf.get(request.raw) ?? new NotFoundError();
  });

  app.setNotFoundHandler(async (request, reply) => {
    const error = new NotFoundError();
    return renderPage(deps, request, reply, ErrorPage, { title: error.title, message: error.message }, 404);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof PageError) {
      return renderPage(deps, request, reply, ErrorPage, { title: error.title, message: error.message }, error.statusCode);
    }
    const client = clientErrorPage(error);
    if (client) {
      request.log.info({ code: error.code, statusCode: error.statusCode }, "client error");
      return renderPage(deps, request, reply, ErrorPage, { title: client.title, message: client.message }, client.status);
    }
    if (isDatabaseUnavailable(error)) {
      // A database restart or outage: nothing the user did wrong, and the portal comes back by
      // itself once the database answers (the pool opens new connections at the next request).
      request.log.warn({ err: error }, "database unavailable");
      reply.header("retry-after", "30");
      return renderPage(deps, request, reply, ErrorPage, { title: SERVICE_UNAVAILABLE.title, message: SERVICE_UNAVAILABLE.message }, 503);
    }
    request.log.error({ err: error }, "unexpected error");
    return renderPage(
      deps,
      request,
      reply,
      ErrorPage,
      {
        title: "Erreur inattendue",
        message: "Une erreur inattendue est survenue de notre côté. Vos données n'ont pas été perdues ; réessayez dans quelques instants.",
        requestId: request.id,
      },
      500,
    );
  });
}
