import type { FastifyReply } from "fastify";

/** An API error in RFC 9457 form; the scope's error handler (routes.ts) answers it. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${status} ${slug}`);
    this.name = "ApiProblem";
  }
}

/** The kinds of problem, in French: `type` points to their explanation on the reference page. */
export const problems = {
  unauthenticated: [401, "Authentification requise", "Présentez un jeton valide dans l'en-tête Authorization (Bearer)."],
  tokenExpired: [401, "Jeton expiré", "Ce jeton a expiré : demandez-en un nouveau à l'administrateur du portail."],
  tokenRevoked: [401, "Jeton révoqué", "Ce jeton a été révoqué : demandez-en un nouveau à l'administrateur du portail."],
  forbidden: [403, "Droit manquant", "Ce jeton n'a pas le droit nécessaire"],
  notFound: [404, "Introuvable", "Cette ressource n'existe pas ou n'est pas accessible avec ce jeton."],
  invalidBody: [422, "Corps de requête invalide", "Le corps de la requête ne respecte pas le schéma : voir errors."],
  malformed: [400, "Requête mal formée", "Le corps de la requête n'est pas un JSON lisible."],
  tooLarge: [413, "Fichier trop volumineux", "Le fichier dépasse la taille maximale de cette pièce."],
  unsupportedType: [415, "Format non accepté", "Le format de ce fichier n'est pas accepté pour cette pièce."],
  unprocessable: [422, "Demande impossible", "La demande ne peut pas être traitée."],
  conflict: [409, "Action impossible dans cet état", "La demande n'est pas dans un état qui permet cette action."],
  tooMany: [429, "Trop de requêtes", "Ce jeton a dépassé le nombre de requêtes permises par minute : réessayez plus tard."],
  server: [500, "Erreur du serveur", "Une erreur inattendue s'est produite : réessayez plus tard."],
  unavailable: [503, "Service momentanément indisponible", "Le service est momentanément indisponible : réessayez dans quelques instants."],
} as const satisfies Record<string, readonly [number, string, string]>;

export type ProblemKind = keyof typeof problems;

export function problem(kind: ProblemKind, detail?: string, extra: Record<string, unknown> = {}): ApiProblem {
  const [status, title, defaultDetail] = problems[kind];
  return new ApiProblem(status, kind, title, detail ?? defaultDetail, extra);
}

export function sendProblem(reply: FastifyReply, error: ApiProblem) {
  return reply
    .code(error.status)
    .type("application/problem+json; charset=utf-8")
    .send({ type: `/api/reference#probleme-${error.slug}`, title: error.title, status: error.status, detail: error.detail, ...error.extra });
}
