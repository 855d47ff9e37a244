import type { FastifyInstance, FastifyRequest } from "fastify";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field, readForm } from "../../platform/http/forms.ts";
import { formRoute, refusal, refusing } from "../../ui/form-route.ts";
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

const closeForm = defineForm({ confirmation: field.choice(["oui"], { required: "Cochez la case pour confirmer la clôture de la démarche." }) });

/** "Démarches": platform admins load, publish, close procedures and read their versions. */
export function procedureRoutes(app: FastifyInstance, deps: Deps) {
  // Published or closed in the meantime: the procedure's page says why, as it is now.
  const stateRefused = refusal(ProcedureStateError, async (error, request: FastifyRequest<SlugParams>, reply) =>
    renderPage(deps, request, reply, ProcedurePage, { ...(await procedureOr404(deps, request.params.slug)), error: error.message }, 409),
  );

  app.get("/administration/demarches", adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, ProcedureListPage, { procedures: await listProcedures(deps.db) }),
  );

  app.post(
    "/administration/demarches/charger",
    adminOnly,
    refusing(
      [
        refusal(InvalidProcedureFiles, async (error, request, reply) => {
          const props = { procedures: await listProcedures(deps.db), problems: error.problems, summary: error.message };
          return renderPage(deps, request, reply, ProcedureListPage, props, 422);
        }),
      ],
      async (request, reply) => {
        const actor = { actorId: sessionOf(request).accountId, ip: request.ip, via: "admin" as const };
        // The loader (the definitions' schema and checks) is loaded when an admin loads files, not at the portal's start.
        const { loadProceduresFromDirectory } = await import("../../core/procedures/load-from-directory.ts");
        const report = await loadProceduresFromDirectory(deps, PORTAL_PROCEDURES_DIRECTORY, actor, "procedures");
        return renderPage(deps, request, reply, ProcedureListPage, { procedures: await listProcedures(deps.db), report });
      },
    ),
  );

  app.get<SlugParams>("/administration/demarches/:slug", adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, ProcedurePage, await procedureOr404(deps, request.params.slug)),
  );

  app.post<SlugParams>(
    "/administration/demarches/:slug/publier",
    adminOnly,
    refusing([stateRefused], async (request, reply) => {
      const { slug } = request.params;
      const form = readForm(request.body, ["version"]);
      const expectedNumber = /^\d{1,6}$/.test(form.version) ? Number(form.version) : undefined;
      await publishProcedure(deps, { slug, ...(expectedNumber !== undefined ? { expectedNumber } : {}) }, { actorId: sessionOf(request).accountId, ip: request.ip });
      return redirectWithFlash(reply, procedureUrl(slug), "procedure-published");
    }),
  );

  app.get<SlugParams>("/administration/demarches/:slug/clore", adminOnly, async (request, reply) => {
    const { procedure, versions } = await procedureOr404(deps, request.params.slug);
    if (procedure.status !== "published") return reply.redirect(procedureUrl(procedure.slug), 303);
    return renderPage(deps, request, reply, CloseProcedurePage, { slug: procedure.slug, title: versions[0]!.title, errors: {} });
  });

  app.post<SlugParams>(
    "/administration/demarches/:slug/clore",
    adminOnly,
    formRoute(
      deps,
      {
        form: closeForm,
        page: CloseProcedurePage,
        invalid: async ({ errors }, request: FastifyRequest<SlugParams>) => {
          const { procedure, versions } = await procedureOr404(deps, request.params.slug);
          return { slug: procedure.slug, title: versions[0]!.title, errors };
        },
        refusals: [stateRefused],
      },
      async (request, reply) => {
        const { procedure } = await procedureOr404(deps, request.params.slug);
        await closeProcedure(deps, { slug: procedure.slug }, { actorId: sessionOf(request).accountId, ip: request.ip });
        return redirectWithFlash(reply, procedureUrl(procedure.slug), "procedure-closed");
      },
    ),
  );

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
