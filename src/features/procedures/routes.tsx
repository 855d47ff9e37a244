import type { FastifyInstance } from "fastify";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { closeProcedure } from "../../core/procedures/close-procedure.ts";
import { InvalidProcedureFiles, ProcedureStateError } from "../../core/procedures/errors.ts";
import { PORTAL_PROCEDURES_DIRECTORY } from "../../core/procedures/directory.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { findProcedureWithVersions, findVersion, listProcedures } from "../../core/procedures/queries.ts";
import { CloseProcedurePage, ProcedureListPage, ProcedurePage, procedureUrl, VersionPage } from "./views.tsx";

const adminOnly = { preHandler: requirePlatformAdmin };
type SlugParams = { Params: { slug: string } };

async function procedureOr404(deps: Deps, slug: string) {
  const found = await findProcedureWithVersions(deps.db, slug);
  if (!found || found.versions.length === 0) throw new NotFoundError();
  return found;
}

/** "Démarches": platform admins load, publish, close procedures and read their versions. */
export function procedureRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/administration/demarches", adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, ProcedureListPage, { procedures: await listProcedures(deps.db) }),
  );

  app.post("/administration/demarches/charger", adminOnly, async (request, reply) => {
    const actor = { actorId: sessionOf(request).accountId, ip: request.ip, via: "admin" as const };
    try {
      // The loader brings TypeBox: loaded when an admin loads files, not at the portal's start.
      const { loadProceduresFromDirectory } = await import("../../core/procedures/load-from-directory.ts");
      const report = await loadProceduresFromDirectory(deps, PORTAL_PROCEDURES_DIRECTORY, actor, "procedures");
      return renderPage(deps, request, reply, ProcedureListPage, { procedures: await listProcedures(deps.db), report });
    } catch (error) {
      if (!(error instanceof InvalidProcedureFiles)) throw error;
      const props = { procedures: await listProcedures(deps.db), problems: error.problems, summary: error.message };
      return renderPage(deps, request, reply, ProcedureListPage, props, 422);
    }
  });

  app.get<SlugParams>("/administration/demarches/:slug", adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, ProcedurePage, await procedureOr404(deps, request.params.slug)),
  );

  app.post<SlugParams>("/administration/demarches/:slug/publier", adminOnly, async (request, reply) => {
    const { slug } = request.params;
    const form = readForm(request.body, ["version"]);
    const expectedNumber = /^\d{1,6}$/.test(form.version) ? Number(form.version) : undefined;
    try {
      await publishProcedure(deps, { slug, ...(expectedNumber !== undefined ? { expectedNumber } : {}) }, { actorId: sessionOf(request).accountId, ip: request.ip });
      return redirectWithFlash(reply, procedureUrl(slug), "procedure-published");
    } catch (error) {
      if (!(error instanceof ProcedureStateError)) throw error;
      return renderPage(deps, request, reply, ProcedurePage, { ...(await procedureOr404(deps, slug)), error: error.message }, 409);
    }
  });

  app.get<SlugParams>("/administration/demarches/:slug/clore", adminOnly, async (request, reply) => {
    const { procedure, versions } = await procedureOr404(deps, request.params.slug);
    if (procedure.status !== "published") return reply.redirect(procedureUrl(procedure.slug), 303);
    return renderPage(deps, request, reply, CloseProcedurePage, { slug: procedure.slug, title: versions[0]!.title, errors: {} });
  });

  app.post<SlugParams>("/administration/demarches/:slug/clore", adminOnly, async (request, reply) => {
    const { procedure, versions } = await procedureOr404(deps, request.params.slug);
    const form = readForm(request.body, ["confirmation"]);
    if (form.confirmation !== "oui") {
      const errors = { confirmation: "Cochez la case pour confirmer la clôture de la démarche." };
      return renderPage(deps, request, reply, CloseProcedurePage, { slug: procedure.slug, title: versions[0]!.title, errors }, 422);
    }
    try {
      await closeProcedure(deps, { slug: procedure.slug }, { actorId: sessionOf(request).accountId, ip: request.ip });
      return redirectWithFlash(reply, procedureUrl(procedure.slug), "procedure-closed");
    } catch (error) {
      if (!(error instanceof ProcedureStateError)) throw error;
      return renderPage(deps, request, reply, ProcedurePage, { ...(await procedureOr404(deps, procedure.slug)), error: error.message }, 409);
    }
  });

  app.get<{ Params: { slug: string; number: string } }>("/administration/demarches/:slug/versions/:number", adminOnly, async (request, reply) => {
    const { slug, number } = request.params;
    if (!/^\d{1,6}$/.test(number)) throw new NotFoundError();
    const version = await findVersion(deps.db, slug, Number(number));
    if (!version) throw new NotFoundError();
    return renderPage(deps, request, reply, VersionPage, {
      slug: version.slug,
      number: version.number,
      definition: version.definition,
      loadedAt: version.loadedAt,
      isCurrent: version.currentVersionId === version.id && version.status !== "draft",
    });
  });
}
