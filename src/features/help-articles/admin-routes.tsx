import type { FastifyInstance, FastifyRequest } from "fastify";
import { findArticle, findTheme, listArticles, listThemes } from "../../core/help/queries.ts";
import { HelpArticleGone } from "../../core/help/save-article.ts";
import { SLUG_MAX, SLUG_PATTERN } from "../../core/help/slug.ts";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field, parseForm } from "../../platform/http/forms.ts";
import { renderMarkdown } from "../../platform/markdown.ts";
import { formRoute, refusal, refusing } from "../../ui/form-route.ts";
import { renderPage } from "../../ui/render.ts";
import { createHelpTheme, deleteHelpArticle, deleteHelpTheme, moveHelpEntry, renameHelpTheme, saveHelpArticle, ThemeNotEmpty } from "./admin-actions.ts";
import { ArticleDeletePage, ArticleFormPage, HELP_ADMIN, HelpAdminPage, helpAdminPaths, notices, ThemeEditPage, type NoticeKey } from "./admin-views.tsx";

const adminOnly = { preHandler: requirePlatformAdmin };
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A malformed id is an unknown page, not a database error. */
function idOf(raw: string): string {
  if (!uuidPattern.test(raw)) throw new NotFoundError();
  return raw;
}

const themeForm = defineForm({ title: field.text({ required: "Indiquez le titre du thème.", max: 120 }) });
const moveForm = defineForm({ sens: field.choice(["haut", "bas"], { required: "Choisissez le sens du déplacement." }) });
const articleForm = defineForm({
  theme: field.text({ required: "Choisissez le thème de l'article.", pattern: uuidPattern, invalid: "Choisissez le thème de l'article." }),
  title: field.text({ required: "Indiquez le titre de l'article.", max: 200 }),
  slug: field.text({
    max: SLUG_MAX,
    pattern: SLUG_PATTERN,
    invalid: "L'adresse ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets, par exemple joindre-ses-pieces.",
  }),
  body: field.text({ required: "Écrivez le texte de l'article.", max: 50_000 }),
  status: field.choice(["draft", "published"], { required: "Choisissez si l'article est un brouillon ou publié." }),
  action: field.choice(["enregistrer", "previsualiser"], { required: "Choisissez Prévisualiser ou Enregistrer." }),
});

const actor = (request: FastifyRequest) => ({ adminId: sessionOf(request).accountId, ip: request.ip });
const listWith = (notice: NoticeKey) => `${HELP_ADMIN}?fait=${notice}`;

/** The help's writing, for platform admins: themes and articles created, ordered, previewed, published. */
export async function helpAdminRoutes(app: FastifyInstance, deps: Deps) {
  const adminPage = async (extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: NoticeKey | undefined } = {}) => {
    const [themes, articles] = await Promise.all([listThemes(deps.db), listArticles(deps.db, { publishedOnly: false })]);
    return { themes, articles, ...extra };
  };

  app.get<{ Querystring: { fait?: unknown } }>(HELP_ADMIN, adminOnly, async (request, reply) => {
    const fait = request.query.fait;
    const notice = typeof fait === "string" && fait in notices ? (fait as NoticeKey) : undefined;
    return renderPage(deps, request, reply, HelpAdminPage, await adminPage({ notice }));
  });

  app.post(
    helpAdminPaths.themes,
    adminOnly,
    formRoute(deps, { form: themeForm, page: HelpAdminPage, invalid: (invalid) => adminPage(invalid) }, async (request, reply, values) => {
      await createHelpTheme(deps, { title: values.title, ...actor(request) });
      return reply.redirect(listWith("theme-cree"), 303);
    }),
  );

  const themePage = async (themeId: string, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}) => {
    const theme = await findTheme(deps.db, themeId);
    if (!theme) throw new NotFoundError();
    const articleCount = (await listArticles(deps.db, { publishedOnly: false })).filter((article) => article.themeId === theme.id).length;
    return { theme, articleCount, ...extra };
  };

  app.get<{ Params: { id: string } }>(`${HELP_ADMIN}/themes/:id`, adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, ThemeEditPage, await themePage(idOf(request.params.id))),
  );

  app.post<{ Params: { id: string } }>(
    `${HELP_ADMIN}/themes/:id`,
    adminOnly,
    formRoute(deps, { form: themeForm, page: ThemeEditPage, invalid: (invalid, request: FastifyRequest<{ Params: { id: string } }>) => themePage(idOf(request.params.id), invalid) }, async (request, reply, values) => {
      await renameHelpTheme(deps, { themeId: idOf(request.params.id), title: values.title, ...actor(request) });
      return reply.redirect(listWith("theme-renomme"), 303);
    }),
  );

  app.post<{ Params: { id: string } }>(
    `${HELP_ADMIN}/themes/:id/supprimer`,
    adminOnly,
    refusing([refusal(ThemeNotEmpty, (_error, _request, reply) => reply.redirect(listWith("theme-non-vide"), 303))], async (request, reply) => {
      await deleteHelpTheme(deps, { themeId: idOf(request.params.id), ...actor(request) });
      return reply.redirect(listWith("theme-supprime"), 303);
    }),
  );

  for (const kind of ["theme", "article"] as const) {
    app.post<{ Params: { id: string } }>(`${HELP_ADMIN}/${kind === "theme" ? "themes" : "articles"}/:id/deplacer`, adminOnly, async (request, reply) => {
      const id = idOf(request.params.id);
      // A forged direction moves nothing: the list is shown again as it is.
      const parsed = parseForm(moveForm, request.body);
      if (parsed.valid) await moveHelpEntry(deps, { kind, id, direction: parsed.values.sens === "haut" ? "up" : "down", ...actor(request) });
      return reply.redirect(listWith("deplace"), 303);
    });
  }

  const articlePage = async (articleId: string | undefined, values: Record<string, string>, extra: { errors?: Record<string, string>; previewHtml?: string } = {}) => {
    const themes = await listThemes(deps.db);
    if (!articleId) return { themes, values, ...extra };
    const article = await findArticle(deps.db, articleId);
    if (!article) throw new NotFoundError();
    return { themes, values, article, ...extra };
  };

  app.get<{ Querystring: { theme?: unknown } }>(helpAdminPaths.newArticle(), adminOnly, async (request, reply) => {
    const theme = typeof request.query.theme === "string" ? request.query.theme : "";
    return renderPage(deps, request, reply, ArticleFormPage, await articlePage(undefined, { theme, status: "draft" }));
  });

  app.get<{ Params: { id: string } }>(`${HELP_ADMIN}/articles/:id`, adminOnly, async (request, reply) => {
    const article = await findArticle(deps.db, idOf(request.params.id));
    if (!article) throw new NotFoundError();
    const values = { theme: article.themeId, title: article.title, slug: article.slug, body: article.body, status: article.status };
    return renderPage(deps, request, reply, ArticleFormPage, await articlePage(article.id, values));
  });

  const articleRefusals = [refusal(HelpArticleGone, () => Promise.reject(new NotFoundError()))];
  for (const path of [helpAdminPaths.newArticle(), `${HELP_ADMIN}/articles/:id`]) {
    app.post<{ Params: { id?: string } }>(
      path,
      adminOnly,
      formRoute(
        deps,
        {
          form: articleForm,
          page: ArticleFormPage,
          invalid: (invalid, request: FastifyRequest<{ Params: { id?: string } }>) => articlePage(request.params.id ? idOf(request.params.id) : undefined, invalid.values, { errors: invalid.errors }),
          refusals: articleRefusals,
        },
        async (request, reply, values) => {
          const articleId = request.params.id ? idOf(request.params.id) : undefined;
          const sent = { theme: values.theme, title: values.title, slug: values.slug, body: values.body, status: values.status };
          // "Prévisualiser": the same form again, with the body as it will be shown; nothing is saved.
          if (values.action === "previsualiser") return renderPage(deps, request, reply, ArticleFormPage, await articlePage(articleId, sent, { previewHtml: renderMarkdown(values.body) }));
          await saveHelpArticle(deps, { articleId, themeId: values.theme, title: values.title, slug: values.slug, body: values.body, status: values.status, ...actor(request) });
          return reply.redirect(listWith("article-enregistre"), 303);
        },
      ),
    );
  }

  app.get<{ Params: { id: string } }>(`${HELP_ADMIN}/articles/:id/supprimer`, adminOnly, async (request, reply) => {
    const article = await findArticle(deps.db, idOf(request.params.id));
    if (!article) throw new NotFoundError();
    return renderPage(deps, request, reply, ArticleDeletePage, { article });
  });

  app.post<{ Params: { id: string } }>(`${HELP_ADMIN}/articles/:id/supprimer`, adminOnly, async (request, reply) => {
    await deleteHelpArticle(deps, { articleId: idOf(request.params.id), ...actor(request) });
    return reply.redirect(listWith("article-supprime"), 303);
  });
}
