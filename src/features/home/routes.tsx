import type { FastifyInstance, FastifyRequest } from "fastify";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { isUuid } from "../../core/organisations/access.ts";
import { parisToday } from "../../core/procedures/catalogue.ts";
import { listOpenProcedures } from "../../core/procedures/queries.ts";
import { DeleteNoticePage, NoticeFormPage, noticePaths, NoticesAdminPage } from "./admin-views.tsx";
import { createNotice } from "./create-notice.ts";
import { deleteNotice } from "./delete-notice.ts";
import { noticeForm, noticeFormValues, presentationForm } from "./notice-form.ts";
import { findNotice, findPresentation, listCurrentNotices, listNotices } from "./queries.ts";
import { setNoticePublished } from "./set-notice-published.ts";
import { setPresentation } from "./set-presentation.ts";
import { updateNotice } from "./update-notice.ts";
import { HomePage } from "./views.tsx";

const adminOnly = { preHandler: requirePlatformAdmin };
type NoticeParams = { Params: { id: string } };

const actor = (request: FastifyRequest) => ({ actorId: sessionOf(request).accountId, ip: request.ip });

async function noticeOf(deps: Deps, id: string) {
  const notice = isUuid(id) ? await findNotice(deps.db, id) : undefined;
  if (!notice) throw new NotFoundError();
  return notice;
}

async function adminPageProps(deps: Deps) {
  const [notices, presentation] = await Promise.all([listNotices(deps.db), findPresentation(deps.db)]);
  return { notices, presentation, today: parisToday(deps.clock) };
}

/**
 * The public home page (what the portal is for, its current notices, the procedures open now,
 * the help pages) and its administration: `/administration/actualites` for the notices and the
 * presentation text.
 */
export function homeRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/", async (request, reply) => {
    const today = parisToday(deps.clock);
    const [presentation, notices, procedures] = await Promise.all([findPresentation(deps.db), listCurrentNotices(deps.db, today), listOpenProcedures(deps.db, today)]);
    return renderPage(deps, request, reply, HomePage, { presentation, notices, procedures });
  });

  app.get(noticePaths.list, adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, NoticesAdminPage, { ...(await adminPageProps(deps)), values: {}, errors: {} }),
  );

  app.post(
    noticePaths.presentation,
    adminOnly,
    formRoute(deps, { form: presentationForm, page: NoticesAdminPage, invalid: async (invalid) => ({ ...(await adminPageProps(deps)), ...invalid }) }, async (request, reply, form) => {
      await setPresentation(deps, form.presentation, actor(request));
      return redirectWithFlash(reply, noticePaths.list, "presentation-saved");
    }),
  );

  app.get(noticePaths.create, adminOnly, (request, reply) =>
    renderPage(deps, request, reply, NoticeFormPage, { notice: null, values: { level: "information" }, errors: {} }),
  );

  app.post(
    noticePaths.create,
    adminOnly,
    formRoute(deps, { form: noticeForm, page: NoticeFormPage, invalid: (invalid) => ({ notice: null, ...invalid }) }, async (request, reply, form) => {
      await createNotice(deps, form, actor(request));
      return redirectWithFlash(reply, noticePaths.list, "notice-created");
    }),
  );

  app.get<NoticeParams>("/administration/actualites/:id", adminOnly, async (request, reply) => {
    const notice = await noticeOf(deps, request.params.id);
    return renderPage(deps, request, reply, NoticeFormPage, { notice, values: noticeFormValues(notice), errors: {} });
  });

  app.post<NoticeParams>(
    "/administration/actualites/:id",
    adminOnly,
    formRoute(
      deps,
      { form: noticeForm, page: NoticeFormPage, invalid: async (invalid, request: FastifyRequest<NoticeParams>) => ({ notice: await noticeOf(deps, request.params.id), ...invalid }) },
      async (request, reply, form) => {
        const notice = await noticeOf(deps, request.params.id);
        await updateNotice(deps, notice.id, form, actor(request));
        return redirectWithFlash(reply, noticePaths.list, "notice-updated");
      },
    ),
  );

  app.post<NoticeParams>("/administration/actualites/:id/publication", adminOnly, async (request, reply) => {
    const notice = await noticeOf(deps, request.params.id);
    const published = readForm(request.body, ["published"]).published === "oui";
    await setNoticePublished(deps, notice.id, published, actor(request));
    return redirectWithFlash(reply, noticePaths.list, published ? "notice-published" : "notice-unpublished");
  });

  app.get<NoticeParams>("/administration/actualites/:id/supprimer", adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, DeleteNoticePage, { notice: await noticeOf(deps, request.params.id) }),
  );

  app.post<NoticeParams>("/administration/actualites/:id/supprimer", adminOnly, async (request, reply) => {
    const notice = await noticeOf(deps, request.params.id);
    await deleteNotice(deps, notice.id, actor(request));
    return redirectWithFlash(reply, noticePaths.list, "notice-deleted");
  });
}
