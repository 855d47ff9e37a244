import type { FastifyError, FastifyInstance } from "fastify";
import { ErrorPage } from "./error-page.tsx";
import type { Deps } from "../platform/http/deps.ts";
import { NotFoundError, PageError } from "../platform/http/errors.ts";
import { isDatabaseUnavailable } from "../platform/db/unavailable.ts";
import { renderPage } from "./render.ts";

/** Fastify's own client errors, told in French. */
function clientErrorPage(error: FastifyError): { status: number; title: string; message: string } | null {
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

/** One place maps errors to pages: feature errors, client errors, then the 500 page. */
export function registerErrorHandlers(app: FastifyInstance, deps: Deps) {
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
