import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TSchema } from "@sinclair/typebox";
import type { Deps } from "../../platform/http/deps.ts";
import { isDatabaseUnavailable } from "../../platform/db/unavailable.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { findApiProcedure, findProcedureRequest, findTokenByHash, listApiProcedures, listProcedureRequests, touchToken } from "../../core/partner-api/queries.ts";
import { hashApiToken, type ApiScope } from "../../core/partner-api/tokens.ts";
import { ApiProblem, problem, sendProblem } from "./problem.ts";
import { Decision, EtapeVersement, NouvelleDemande, schemaErrors } from "./schemas.ts";
import { presentProcedure, presentRequest } from "./present.ts";
import { attachDocumentByApi, createRequestByApi, fileRequestByApi, recordDecisionByApi, type ApiCaller } from "./request-use-cases.ts";
import { openApiDocument } from "./openapi.ts";
import { readPaymentsByApi, recordPaymentByApi } from "./payment-use-cases.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The scope an API route needs (partner-api/routes.ts). */
    apiScope?: ApiScope;
  }
  interface FastifyRequest {
    apiCaller?: ApiCaller;
  }
}

/** Requests per minute and per token (a missing or unknown token counts per address). */
export const API_RATE_PER_MINUTE = 120;
/** Most requests listed per page. */
const PAGE_MAX = 100;
/** Largest body of a document upload (the largest `taille_max_mo` a definition may give). */
const UPLOAD_LIMIT = 50 * 1024 * 1024;

/** The rate limit's key: the token's hash, so each token has its own budget whatever its address. */
function rateKey(request: FastifyRequest): string {
  const authorization = request.headers.authorization;
  return authorization ? `api:${createHash("sha256").update(authorization).digest("hex")}` : `api-ip:${request.ip}`;
}

/** The opaque cursor of a page: the position of its last request. */
function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    if (typeof id !== "string" || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) return undefined;
    return { createdAt, id };
  } catch {
    return undefined;
  }
}

/** The per-token ceiling's headers on every answer: a partner's program can pace itself (the pages send them only with a refusal). */
const RATE_HEADERS = { "x-ratelimit-limit": true, "x-ratelimit-remaining": true, "x-ratelimit-reset": true };

/** A route's options: its scope, no CSRF token (see below), the per-token rate limit. */
function needs(apiScope: ApiScope) {
  return { config: { apiScope, skipCsrf: true, rateLimit: { max: API_RATE_PER_MINUTE, timeWindow: 60_000, keyGenerator: rateKey, addHeadersOnExceeding: RATE_HEADERS } } };
}

const STATUSES: readonly RequestStatus[] = ["filed", "in_instruction", "accepted", "refused", "closed", "abandoned", "expired"];

/**
 * The public REST API (issue 15) under /api/v1, its OpenAPI document (/api/openapi.json) and its
 * reference page (reference-routes.tsx). Partners authenticate with a bearer token (never a
 * cookie: the session hook's cookie grants nothing here), so the API takes no CSRF token — a
 * cross-site page can make a browser send cookies, never an Authorization header it does not know.
 * Every error is an RFC 9457 problem (application/problem+json) in French.
 */
export async function partnerApiRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/api/openapi.json", async (_request, reply) => reply.type("application/json; charset=utf-8").send(openApiDocument(deps.config.publicUrl)));

  await app.register(
    async (api) => {
      api.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: UPLOAD_LIMIT }, (_request, body, done) => done(null, body));

      api.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
        if (error instanceof ApiProblem) return sendProblem(reply, error);
        if (error.statusCode === 429) return sendProblem(reply, problem("tooMany"));
        if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendProblem(reply, problem("tooLarge", "Le corps de la requête dépasse la taille permise."));
        if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return sendProblem(reply, problem("unsupportedType", "Ce type de contenu n'est pas accepté ici."));
        if (error.statusCode === 400) return sendProblem(reply, problem("malformed"));
        if (isDatabaseUnavailable(error)) return sendProblem(reply.header("retry-after", "30"), problem("unavailable"));
        request.log.error({ err: error }, "API error");
        return sendProblem(reply, problem("server"));
      });
      api.setNotFoundHandler((_request, reply) => sendProblem(reply, problem("notFound", "Cette adresse n'existe pas dans l'API.")));

      // Authentication, then the route's scope.
      api.addHook("preHandler", async (request) => {
        const scope = request.routeOptions.config.apiScope;
        if (!scope) return;
        const match = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(request.headers.authorization ?? "");
        const token = match ? await findTokenByHash(deps.db, hashApiToken(match[1]!)) : undefined;
        if (!token) throw problem("unauthenticated");
        const now = deps.clock.now();
        if (token.revokedAt) throw problem("tokenRevoked");
        if (token.expiresAt <= now) throw problem("tokenExpired");
        if (!token.scopes.includes(scope)) throw problem("forbidden", `Ce jeton n'a pas le droit « ${scope} » que demande cette opération.`);
        if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) await touchToken(deps.db, token.id, now);
        request.apiCaller = { tokenId: token.id, partnerId: token.partnerId, partnerName: token.partnerName };
      });
      api.addHook("onSend", async (_request, reply, payload) => {
        if (reply.statusCode === 401) reply.header("www-authenticate", 'Bearer realm="guichet-api"');
        reply.header("cache-control", "no-store");
        return payload;
      });

      const caller = (request: FastifyRequest) => request.apiCaller!;
      const procedureOf = async (slug: string) => {
        const row = await findApiProcedure(deps.db, slug);
        if (!row) throw problem("notFound", "Cette démarche n'existe pas ou n'est pas publiée.");
        return { id: row.id, slug: row.slug, status: row.status, definition: JSON.parse(row.definitionText) as ProcedureDefinition };
      };
      const body = <T>(schema: TSchema, value: unknown): T => {
        const errors = schemaErrors(schema, value);
        if (errors.length > 0) throw problem("invalidBody", undefined, { errors });
        return value as T;
      };
      type Slug = { Params: { slug: string } };
      type One = { Params: { slug: string; id: string } };
      const uuid = (id: string) => {
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw problem("notFound");
        return id;
      };

      api.get("/demarches", needs("demarches:lecture"), async () => ({
        demarches: (await listApiProcedures(deps.db)).map((row) => presentProcedure(row.slug, row.status, JSON.parse(row.definitionText) as ProcedureDefinition)),
      }));

      api.get<Slug>("/demarches/:slug", needs("demarches:lecture"), async (request) => {
        const procedure = await procedureOf(request.params.slug);
        return presentProcedure(procedure.slug, procedure.status, procedure.definition);
      });

      api.get<Slug & { Querystring: Record<string, string | undefined> }>("/demarches/:slug/demandes", needs("demandes:lecture"), async (request) => {
        const procedure = await procedureOf(request.params.slug);
        const query = request.query;
        const errors: { pointer: string; detail: string }[] = [];
        const after = query.curseur ? decodeCursor(query.curseur) : null;
        if (after === undefined) errors.push({ pointer: "/curseur", detail: "Ce curseur n'est pas reconnu : reprenez celui de la page précédente (suivant)." });
        const limit = query.limite === undefined ? 50 : Number(query.limite);
        if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) errors.push({ pointer: "/limite", detail: `La limite est un entier de 1 à ${PAGE_MAX}.` });
        const status = query.statut as RequestStatus | undefined;
        if (status !== undefined && !STATUSES.includes(status)) errors.push({ pointer: "/statut", detail: `Statuts possibles : ${STATUSES.join(", ")}.` });
        if (errors.length > 0) throw problem("invalidBody", "Les paramètres de la requête ne sont pas valides : voir errors.", { errors });
        const rows = await listProcedureRequests(deps.db, { procedureId: procedure.id, after: after ?? null, limit: limit + 1, ...(status ? { status } : {}) });
        const page = rows.slice(0, limit);
        return { demandes: page.map((row) => presentRequest(row, procedure.slug)), suivant: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
      });

      api.get<One>("/demarches/:slug/demandes/:id", needs("demandes:lecture"), async (request) => {
        const procedure = await procedureOf(request.params.slug);
        const row = await findProcedureRequest(deps.db, { procedureId: procedure.id, requestId: uuid(request.params.id) });
        if (!row) throw problem("notFound", "Cette demande n'existe pas dans cette démarche.");
        return presentRequest(row, procedure.slug);
      });

      api.post<Slug>("/demarches/:slug/demandes", needs("demandes:ecriture"), async (request, reply) => {
        const procedure = await procedureOf(request.params.slug);
        const input = body<{ compte: string; reponses: Record<string, string | string[]> }>(NouvelleDemande, request.body);
        const created = await createRequestByApi(deps, caller(request), procedure, input);
        const demande = presentRequest(created.row, procedure.slug);
        if (created.errors.length > 0) throw problem("invalidBody", "Le brouillon est créé, mais ces réponses n'ont pas été gardées : voir errors.", { errors: created.errors, demande });
        return reply.code(201).header("location", `/api/v1/demarches/${procedure.slug}/demandes/${demande.id}`).send(demande);
      });

      api.put<One & { Params: { piece: string }; Querystring: { nom?: string } }>(
        "/demarches/:slug/demandes/:id/pieces/:piece",
        needs("demandes:ecriture"),
        async (request, reply) => {
          const procedure = await procedureOf(request.params.slug);
          const content = Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === "string" ? request.body : JSON.stringify(request.body ?? ""));
          const fileName = (request.query.nom ?? "").slice(0, 200) || request.params.piece;
          const stored = await attachDocumentByApi(deps, caller(request), procedure, { requestId: uuid(request.params.id), documentId: request.params.piece, content, fileName });
          return reply.code(201).send(stored);
        },
      );

      api.post<One>("/demarches/:slug/demandes/:id/depot", needs("demandes:ecriture"), async (request) => {
        const procedure = await procedureOf(request.params.slug);
        return presentRequest(await fileRequestByApi(deps, caller(request), procedure, uuid(request.params.id)), procedure.slug);
      });

      api.post<One>("/demarches/:slug/demandes/:id/decision", needs("decisions:ecriture"), async (request) => {
        const procedure = await procedureOf(request.params.slug);
        const input = body<{ decision: string; motif?: string }>(Decision, request.body);
        return presentRequest(await recordDecisionByApi(deps, caller(request), procedure, { requestId: uuid(request.params.id), ...input }), procedure.slug);
      });

      api.get<One>("/demarches/:slug/demandes/:id/versements", needs("demandes:lecture"), async (request) => {
        const procedure = await procedureOf(request.params.slug);
        const row = await findProcedureRequest(deps.db, { procedureId: procedure.id, requestId: uuid(request.params.id) });
        if (!row || row.status === "draft") throw problem("notFound", "Cette demande n'existe pas dans cette démarche.");
        return readPaymentsByApi(deps, row.id);
      });

      api.post<One & { Params: { versement: string } }>("/demarches/:slug/demandes/:id/versements/:versement", needs("versements:ecriture"), async (request) => {
        const procedure = await procedureOf(request.params.slug);
        const input = body<{ etape: "mandatement" | "paiement"; date_paiement?: string }>(EtapeVersement, request.body);
        return recordPaymentByApi(deps, caller(request), procedure, { requestId: uuid(request.params.id), paymentId: uuid(request.params.versement), ...input });
      });
    },
    { prefix: "/api/v1" },
  );
}
