import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { renderPage } from "../../ui/render.ts";
import { findServiceBySlug } from "../../core/organisations/queries/services.ts";
import { parisToday, procedureOpenness } from "../../core/procedures/catalogue.ts";
import type { Applicant } from "../../core/procedures/definition/schema.ts";
import { findCatalogueProcedure, findPublishedDefinition, listOpenProcedures, type OpenProcedure } from "../../core/procedures/queries.ts";
import { filingRight } from "../../core/requests/policies.ts";
import { startRequest } from "../../core/requests/start-request.ts";
import { CataloguePage, ProcedureClosedPage, ProcedurePage, type CatalogueEntry, type CatalogueRight } from "./catalogue.tsx";
import { rememberFilingIntent, takeFilingIntent } from "./filing-intent.ts";
import { FilingRefusedPage, requestPaths } from "./views.tsx";

const SLUG = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
type SlugParams = { Params: { slug: string } };

/** Starts a draft for the signed-in person and opens its first step, or says what the person lacks (403). */
async function startDraft(deps: Deps, request: FastifyRequest, reply: FastifyReply, slug: string) {
  const session = sessionOf(request);
  const outcome = await startRequest(deps, { slug, accountId: session.accountId, email: session.email, currentOrganisationId: session.currentOrganisationId });
  if (!outcome.started) {
    const published = await findPublishedDefinition(deps.db, slug);
    return renderPage(deps, request, reply, FilingRefusedPage, { title: published?.definition.titre ?? "", refusal: outcome.refusal }, 403);
  }
  return reply.redirect(requestPaths.step(outcome.requestId, outcome.firstStepId), 303);
}

/** What the visitor may do: an anonymous visitor is asked to log in; a person's right is checked as when starting. */
async function rightOf(deps: Deps, request: FastifyRequest, applicant: Applicant): Promise<CatalogueRight> {
  const session = request.currentSession;
  if (!session) return { kind: "anonymous" };
  const right = await filingRight(deps.db, applicant, session);
  return right.allowed ? { kind: "allowed" } : { kind: "refused", refusal: right.refusal };
}

const applicantOf = (procedure: OpenProcedure): Applicant =>
  procedure.applicantType === "personne" ? { type: "personne" } : { type: "membre-structure", ...(procedure.applicantService ? { service: procedure.applicantService } : {}) };

/**
 * The public catalogue (issue 11): `/demarches` lists the open procedures by theme and
 * `/demarches/:slug` shows one — theme, who may file, steps, documents, deadline — to anyone,
 * with or without an account. `POST /demarches/:slug/commencer` starts a draft; pressed before
 * logging in, it remembers the procedure (filing-intent.ts) and sends the visitor to the login,
 * whose return address `GET /demarches/:slug/commencer` then starts the draft.
 */
export function catalogueRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/demarches", async (request, reply) => {
    const procedures = await listOpenProcedures(deps.db, parisToday(deps.clock));
    const themes: { theme: string; entries: CatalogueEntry[] }[] = [];
    for (const procedure of procedures) {
      const entry: CatalogueEntry = { procedure, right: await rightOf(deps, request, applicantOf(procedure)) };
      const last = themes.at(-1);
      if (last?.theme === procedure.theme) last.entries.push(entry);
      else themes.push({ theme: procedure.theme, entries: [entry] });
    }
    return renderPage(deps, request, reply, CataloguePage, { themes });
  });

  app.get<{ Params: { slug: string } }>("/demarches/:slug", async (request, reply) => {
    const { slug } = request.params;
    const found = SLUG.test(slug) ? await findCatalogueProcedure(deps.db, slug) : undefined;
    if (!found) throw new NotFoundError();
    const { definition } = found;
    const openness = procedureOpenness(found.status, definition, parisToday(deps.clock));
    // Gone rather than not found: the address was right, and people who kept it learn why.
    if (!openness.open) return renderPage(deps, request, reply, ProcedureClosedPage, { definition, openness }, 410);
    const service = definition.déposant.type === "membre-structure" && definition.déposant.service ? await findServiceBySlug(deps.db, definition.déposant.service) : undefined;
    return renderPage(deps, request, reply, ProcedurePage, { slug, definition, serviceName: service?.name, right: await rightOf(deps, request, definition.déposant) });
  });

  app.post<SlugParams>(requestPaths.start(":slug"), async (request, reply) => {
    const { slug } = request.params;
    if (!SLUG.test(slug)) throw new NotFoundError();
    if (!request.currentSession) {
      await rememberFilingIntent(deps, reply, slug);
      return reply.redirect(`/connexion?retour=${encodeURIComponent(requestPaths.start(slug))}`, 303);
    }
    await requireAccount(request, reply); // a temporary password is changed first
    if (reply.sent) return reply;
    return startDraft(deps, request, reply, slug);
  });

  // The login's way back: starts the draft only for the browser that pressed the button.
  app.get<SlugParams>(requestPaths.start(":slug"), { preHandler: requireAccount }, async (request, reply) => {
    const { slug } = request.params;
    if (!SLUG.test(slug)) throw new NotFoundError();
    if (await takeFilingIntent(deps, request, reply, slug)) return startDraft(deps, request, reply, slug);
    return reply.redirect(requestPaths.procedure(slug), 303);
  });
}
