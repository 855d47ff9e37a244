import { chosenDataFile, registerDataFileForm } from "../../platform/uploads/data-file-form.ts";
import type { FastifyInstance } from "fastify";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { refusal, refusing } from "../../ui/form-route.ts";
import { renderPage } from "../../ui/render.ts";
import { UnusableRegisterFile } from "./errors.ts";
import { importOrganisationsRegister } from "./import-organisations-register.ts";
import { MAX_REGISTER_FILE_BYTES, MAX_REGISTER_FILE_MEGABYTES, parsePage, parseSearch, REGISTER_PER_PAGE } from "./paths.ts";
import { listRegister } from "../../core/organisations/queries/register.ts";
import { ImportPage, RegisterListPage } from "./views.tsx";

const adminOnly = { preHandler: requirePlatformAdmin };

/** "Registre des structures": the operator's register of client organisations, for platform admins. */
export async function organisationsRegisterRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Querystring: { recherche?: string; page?: string } }>("/administration/structures", adminOnly, async (request, reply) => {
    const search = parseSearch(request.query.recherche);
    const page = parsePage(request.query.page);
    const { entries, total } = await listRegister(deps.db, { search, limit: REGISTER_PER_PAGE, offset: (page - 1) * REGISTER_PER_PAGE });
    const pageCount = Math.max(1, Math.ceil(total / REGISTER_PER_PAGE));
    if (page > pageCount) throw new NotFoundError();
    return renderPage(deps, request, reply, RegisterListPage, { entries, total, search, page, pageCount });
  });

  app.get("/administration/structures/import", adminOnly, async (request, reply) => renderPage(deps, request, reply, ImportPage, {}));

  // Uploads are accepted by this route only: the multipart parser lives in this scope.
  await app.register(async (scope) => {
    await registerDataFileForm(scope, { maxBytes: MAX_REGISTER_FILE_BYTES, fields: 4 });
    // A file that cannot be read as the register is explained on the import page.
    const unusable = refusal(UnusableRegisterFile, (error, request, reply) => renderPage(deps, request, reply, ImportPage, { error: error.message }, 422));
    // Checked on request, before the body is read: nobody else makes the server read 5 MB.
    scope.post("/administration/structures/import", { onRequest: requirePlatformAdmin }, refusing([unusable], async (request, reply) => {
      const upload = chosenDataFile(request.body, "fichier");
      if (!upload) {
        return renderPage(deps, request, reply, ImportPage, { error: "Choisissez le fichier CSV du registre à importer." }, 422);
      }
      if (upload.truncated) {
        const error = `Le fichier dépasse ${MAX_REGISTER_FILE_MEGABYTES} Mo : découpez-le en plusieurs fichiers et importez-les l'un après l'autre.`;
        return renderPage(deps, request, reply, ImportPage, { error }, 422);
      }
      const report = await importOrganisationsRegister(deps, {
        content: upload.content,
        fileName: upload.fileName,
        actorId: sessionOf(request).accountId,
        ip: request.ip,
        via: "admin",
      });
      return renderPage(deps, request, reply, ImportPage, { report });
    }));
  });
}
