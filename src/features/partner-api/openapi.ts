import { API_SCOPES, WEBHOOK_EVENTS } from "../../core/partner-api/tokens.ts";
import { namedSchemas } from "./schemas.ts";

/** A TypeBox schema as plain JSON Schema (TypeBox's symbols dropped), its `$ref`s pointed to components. */
function published(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => (key === "$ref" && typeof value === "string" && !value.startsWith("#") ? `#/components/schemas/${value}` : value)) as unknown;
}

const ref = (name: keyof typeof namedSchemas) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: keyof typeof namedSchemas) => ({ "application/json": { schema: ref(name) } });
const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Probleme") } } });
const slug = { name: "slug", in: "path", required: true, description: "Identifiant de la démarche", schema: { type: "string" } };
const id = { name: "id", in: "path", required: true, description: "Identifiant de la demande", schema: { type: "string", format: "uuid" } };

/** The errors every operation may answer. */
const common = {
  "401": problemResponse("Jeton absent, inconnu, expiré ou révoqué"),
  "403": problemResponse("Le jeton n'a pas le droit demandé"),
  "404": problemResponse("Démarche ou demande introuvable"),
  "429": problemResponse("Trop de requêtes pour ce jeton"),
};

function operation(input: { id: string; summary: string; description?: string; scope: keyof typeof API_SCOPES; parameters?: unknown[]; body?: unknown; responses: Record<string, unknown> }) {
  return {
    operationId: input.id,
    summary: input.summary,
    ...(input.description ? { description: input.description } : {}),
    security: [{ jeton: [input.scope] }],
    "x-droit": input.scope,
    ...(input.parameters ? { parameters: input.parameters } : {}),
    ...(input.body ? { requestBody: input.body } : {}),
    responses: { ...input.responses, ...common },
  };
}

/** The OpenAPI 3.1 document of /api/v1, built from the schemas the routes check bodies with. */
export function openApiDocument(publicUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "API Guichet",
      version: "1.0.0",
      description:
        "API des partenaires : lire les démarches et leurs demandes, créer et déposer une demande pour un compte qui l'a autorisé, enregistrer une décision ou un versement. " +
        "Chaque requête présente un jeton (en-tête `Authorization: Bearer …`) créé par un administrateur du portail ; les erreurs suivent la RFC 9457 (application/problem+json). " +
        `Webhooks signés (Standard Webhooks) : ${Object.entries(WEBHOOK_EVENTS).map(([name, label]) => `${name} (${label})`).join(", ")}.`,
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    components: {
      schemas: Object.fromEntries(Object.entries(namedSchemas).map(([name, schema]) => { const { $id: _id, ...rest } = published(schema) as Record<string, unknown>; return [name, rest]; })),
      securitySchemes: { jeton: { type: "http", scheme: "bearer", description: `Droits possibles : ${Object.entries(API_SCOPES).map(([name, label]) => `${name} (${label})`).join(" ; ")}.` } },
    },
    paths: {
      "/demarches": { get: operation({ id: "listerDemarches", summary: "Lister les démarches publiées", scope: "demarches:lecture", responses: { "200": { description: "Les démarches", content: json("ListeDemarches") } } }) },
      "/demarches/{slug}": { get: operation({ id: "lireDemarche", summary: "Lire une démarche", scope: "demarches:lecture", parameters: [slug], responses: { "200": { description: "La démarche", content: json("Demarche") } } }) },
      "/demarches/{slug}/demandes": {
        get: operation({
          id: "listerDemandes",
          summary: "Lister les demandes déposées d'une démarche",
          description: "Par pages, des plus anciennes aux plus récentes ; `suivant` donne le curseur de la page suivante.",
          scope: "demandes:lecture",
          parameters: [
            slug,
            { name: "curseur", in: "query", required: false, description: "Curseur opaque reçu dans `suivant`", schema: { type: "string" } },
            { name: "limite", in: "query", required: false, description: "Demandes par page (1 à 100, 50 par défaut)", schema: { type: "integer", minimum: 1, maximum: 100 } },
            { name: "statut", in: "query", required: false, description: "Ne garder qu'un statut", schema: { type: "string" } },
          ],
          responses: { "200": { description: "Une page de demandes", content: json("PageDemandes") }, "422": problemResponse("Paramètre invalide") },
        }),
        post: operation({
          id: "creerDemande",
          summary: "Créer une demande (brouillon) pour un compte",
          description: "Le compte doit avoir autorisé ce partenaire dans « Mon compte ». Les réponses sont vérifiées comme sur le portail ; une réponse refusée n'est pas gardée (422, le brouillon existe).",
          scope: "demandes:ecriture",
          parameters: [slug],
          body: { required: true, content: json("NouvelleDemande") },
          responses: { "201": { description: "Le brouillon créé", content: json("Demande") }, "409": problemResponse("Démarche fermée"), "422": problemResponse("Corps invalide ou compte sans autorisation") },
        }),
      },
      "/demarches/{slug}/demandes/{id}": { get: operation({ id: "lireDemande", summary: "Lire une demande", scope: "demandes:lecture", parameters: [slug, id], responses: { "200": { description: "La demande", content: json("Demande") } } }) },
      "/demarches/{slug}/demandes/{id}/pieces/{piece}": {
        put: operation({
          id: "joindrePiece",
          summary: "Joindre un fichier à une pièce du brouillon",
          description: "Le corps est le fichier lui-même ; son type est lu dans son contenu, sa taille limitée par la pièce.",
          scope: "demandes:ecriture",
          parameters: [slug, id, { name: "piece", in: "path", required: true, schema: { type: "string" } }, { name: "nom", in: "query", required: false, description: "Nom du fichier", schema: { type: "string" } }],
          body: { required: true, content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } } },
          responses: {
            "201": { description: "Le fichier joint", content: json("PieceDeposee") },
            "409": problemResponse("La demande n'est plus un brouillon"),
            "413": problemResponse("Fichier trop volumineux"),
            "415": problemResponse("Format non accepté"),
          },
        }),
      },
      "/demarches/{slug}/demandes/{id}/depot": {
        post: operation({
          id: "deposerDemande",
          summary: "Déposer la demande",
          scope: "demandes:ecriture",
          parameters: [slug, id],
          responses: { "200": { description: "La demande déposée, avec son numéro", content: json("Demande") }, "409": problemResponse("Déjà déposée"), "422": problemResponse("Demande incomplète (manquants)") },
        }),
      },
      "/demarches/{slug}/demandes/{id}/decision": {
        post: operation({
          id: "enregistrerDecision",
          summary: "Enregistrer une décision",
          description: "Prise en charge (déposée → en instruction), acceptation, refus (motivé) ou classement (depuis l'instruction).",
          scope: "decisions:ecriture",
          parameters: [slug, id],
          body: { required: true, content: json("Decision") },
          responses: { "200": { description: "La demande après la décision", content: json("Demande") }, "409": problemResponse("Décision impossible dans cet état"), "422": problemResponse("Corps invalide") },
        }),
      },
      "/demarches/{slug}/demandes/{id}/versements": {
        get: operation({
          id: "lireVersements",
          summary: "Lire l'aide accordée et ses versements",
          scope: "demandes:lecture",
          parameters: [slug, id],
          responses: { "200": { description: "Le montant accordé et l'échéancier", content: json("Versements") } },
        }),
      },
      "/demarches/{slug}/demandes/{id}/versements/{versement}": {
        post: operation({
          id: "enregistrerVersement",
          summary: "Enregistrer le mandatement ou le paiement d'un versement",
          description:
            "Les mêmes règles que pour un agent : un versement est mandaté quand ses justificatifs sont arrivés (ou sans attendre s'il n'en demande pas), vers un IBAN vérifié avec un RIB joint ; il est payé une fois mandaté, à une date passée, sans que le total payé dépasse l'aide accordée. " +
            "Une étape déjà enregistrée ne change rien (la réponse le signale) : un nouvel essai est sans danger. Le demandeur reçoit le courriel de l'étape et les partenaires le webhook `paiement.modifie`.",
          scope: "versements:ecriture",
          parameters: [slug, id, { name: "versement", in: "path", required: true, description: "Identifiant du versement (voir lireVersements)", schema: { type: "string", format: "uuid" } }],
          body: { required: true, content: json("EtapeVersement") },
          responses: {
            "200": { description: "L'échéancier après l'étape", content: json("Versements") },
            "409": problemResponse("Étape impossible maintenant (la raison est dans detail)"),
            "422": problemResponse("Corps invalide, date absente, mal écrite ou future"),
          },
        }),
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
