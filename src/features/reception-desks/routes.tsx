import { chosenDataFile, registerDataFileForm } from "../../platform/uploads/data-file-form.ts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute, refusal, refusing } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { DeleteDeskPage, DeskFormPage, DesksAdminPage, DesksImportPage } from "./admin-views.tsx";
import { deleteReceptionDesk } from "./delete-reception-desk.ts";
import { DESK_FIELDS } from "./desk-input.ts";
import { UnusableDesksFile } from "./errors.ts";
import { findReceptionDesks } from "./find-reception-desks.ts";
import { importReceptionDesks } from "./import-reception-desks.ts";
import { ADMIN_DESKS_PATH, DESKS_PATH, MAX_DESKS_FILE_BYTES, MAX_DESKS_FILE_MEGABYTES, nationalPhone } from "./paths.ts";
import { findDesk, listDesks, type Desk } from "./queries.ts";
import { saveReceptionDesk } from "./save-reception-desk.ts";
import { DesksSearchPage } from "./views.tsx";

const adminOnly = { preHandler: requirePlatformAdmin };

// The rules (commune in the official list, phone, position) are checkDeskFields', in the use case.
const deskForm = defineForm(field.texts(DESK_FIELDS));

type DeskRequest = FastifyRequest<{ Params: { id: string } }>;

/** Ids are UUIDs: anything else is a page that does not exist (never a database error). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function deskOf(deps: Deps, id: string): Promise<Desk> {
  const desk = UUID.test(id) ? await findDesk(deps.db, id) : undefined;
  if (!desk) throw new NotFoundError();
  return desk;
}

/** A stored desk as the form shows it. */
const formValues = (desk: Desk): Record<string, string> => ({
  name: desk.name,
  address: desk.address,
  postalCode: desk.postalCode,
  commune: desk.communeName,
  openingHours: desk.openingHours,
  phone: desk.phone ? nationalPhone(desk.phone) : "",
  services: desk.services,
  latitude: desk.latitude === null ? "" : String(desk.latitude).replace(".", ","),
  longitude: desk.longitude === null ? "" : String(desk.longitude).replace(".", ","),
});

/** "Trouver un guichet d'accueil" for everyone; the desks' administration for platform admins. */
export async function receptionDesksRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Querystring: { q?: unknown; commune?: unknown } }>(DESKS_PATH, async (request, reply) => {
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    const query = { q: text(request.query.q), commune: text(request.query.commune) };
    const result = await findReceptionDesks(deps.db, query);
    const typed = (query.q ?? "").slice(0, 200);
    return renderPage(deps, request, reply, DesksSearchPage, { query: typed, result }, result.kind === "invalid" ? 422 : 200);
  });

  app.get(ADMIN_DESKS_PATH, adminOnly, async (request, reply) => renderPage(deps, request, reply, DesksAdminPage, { desks: await listDesks(deps.db) }));

  app.get(`${ADMIN_DESKS_PATH}/nouveau`, adminOnly, (request, reply) => renderPage(deps, request, reply, DeskFormPage, {}));
  app.post(
    `${ADMIN_DESKS_PATH}/nouveau`,
    adminOnly,
    formRoute(deps, { form: deskForm, page: DeskFormPage, invalid: (invalid) => invalid }, async (request, reply, values) => {
      await saveReceptionDesk(deps, values, { actorId: sessionOf(request).accountId, ip: request.ip });
      return redirectWithFlash(reply, ADMIN_DESKS_PATH, "desk-created");
    }),
  );

  app.get<{ Params: { id: string } }>(`${ADMIN_DESKS_PATH}/:id/modifier`, adminOnly, async (request, reply) => {
    const desk = await deskOf(deps, request.params.id);
    return renderPage(deps, request, reply, DeskFormPage, { id: desk.id, values: formValues(desk) });
  });
  app.post<{ Params: { id: string } }>(
    `${ADMIN_DESKS_PATH}/:id/modifier`,
    adminOnly,
    formRoute(deps, { form: deskForm, page: DeskFormPage, invalid: (invalid, request: DeskRequest) => ({ ...invalid, id: request.params.id }) }, async (request: DeskRequest, reply, values) => {
      const desk = await deskOf(deps, request.params.id);
      await saveReceptionDesk(deps, values, { id: desk.id, actorId: sessionOf(request).accountId, ip: request.ip });
      return redirectWithFlash(reply, ADMIN_DESKS_PATH, "desk-updated");
    }),
  );

  app.get<{ Params: { id: string } }>(`${ADMIN_DESKS_PATH}/:id/supprimer`, adminOnly, async (request, reply) => {
    return renderPage(deps, request, reply, DeleteDeskPage, { desk: await deskOf(deps, request.params.id) });
  });
  app.post<{ Params: { id: string } }>(`${ADMIN_DESKS_PATH}/:id/supprimer`, adminOnly, async (request, reply) => {
    const desk = await deskOf(deps, request.params.id);
    await deleteReceptionDesk(deps, desk.id, { actorId: sessionOf(request).accountId, ip: request.ip });
    return redirectWithFlash(reply, ADMIN_DESKS_PATH, "desk-deleted");
  });

  app.get(`${ADMIN_DESKS_PATH}/import`, adminOnly, (request, reply) => renderPage(deps, request, reply, DesksImportPage, {}));

  // Uploads are accepted by this route only: the multipart parser lives in this scope.
  await app.register(async (scope) => {
    await registerDataFileForm(scope, { maxBytes: MAX_DESKS_FILE_BYTES, fields: 4 });
    const unusable = refusal(UnusableDesksFile, (error, request, reply) => renderPage(deps, request, reply, DesksImportPage, { error: error.message }, 422));
    // Checked on request, before the body is read: nobody else makes the server read the file.
    scope.post(`${ADMIN_DESKS_PATH}/import`, { onRequest: requirePlatformAdmin }, refusing([unusable], async (request, reply) => {
      const upload = chosenDataFile(request.body, "fichier");
      if (!upload) {
        return renderPage(deps, request, reply, DesksImportPage, { error: "Choisissez le fichier CSV des guichets à charger." }, 422);
      }
      if (upload.truncated) {
        return renderPage(deps, request, reply, DesksImportPage, { error: `Le fichier dépasse ${MAX_DESKS_FILE_MEGABYTES} Mo.` }, 422);
      }
      const report = await importReceptionDesks(deps, { content: upload.content, fileName: upload.fileName, actorId: sessionOf(request).accountId, ip: request.ip });
      return renderPage(deps, request, reply, DesksImportPage, { report }, report.loaded ? 200 : 422);
    }));
  });
}
