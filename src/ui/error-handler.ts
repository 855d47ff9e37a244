import type { FastifyError, FastifyInstance } from "fastify";
import { ErrorPage } from "./error-page.tsx";
import type { Deps } from "../platform/http/deps.ts";
import { NotFoundError, PageError } from "../platform/http/errors.ts";
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
