import type { FastifyInstance } from "fastify";
import { findPublishedArticle, listArticles, listThemes } from "../../core/help/queries.ts";
import { searchHelp } from "../../core/help/search-help.ts";
import { SLUG_MAX, SLUG_PATTERN } from "../../core/help/slug.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { defineForm, field, parseForm } from "../../platform/http/forms.ts";
import { renderPage } from "../../ui/render.ts";
import { helpAdminRoutes } from "./admin-routes.tsx";
import { rememberVote, votedArticles, voteOnArticle } from "./vote-on-article.ts";
import { HELP_HOME, HelpArticlePage, HelpHomePage, HelpNotFoundPage, HelpSearchPage, helpPaths } from "./views.tsx";

const voteForm = defineForm({ reponse: field.choice(["oui", "non"], { required: "Choisissez Oui ou Non." }) });

/** The first value of a query parameter given once, several times or not at all. */
function firstText(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : "";
}

const isSlug = (slug: string) => slug.length <= SLUG_MAX && SLUG_PATTERN.test(slug);

/**
 * "Comment ça marche ?": the help articles by theme, their search and "Cette réponse vous
 * a-t-elle aidé ?", for everybody; their writing, for platform admins (admin-routes.tsx).
 */
export async function helpArticleRoutes(app: FastifyInstance, deps: Deps) {
  app.get(HELP_HOME, async (request, reply) => {
    const [themes, articles] = await Promise.all([listThemes(deps.db), listArticles(deps.db, { publishedOnly: true })]);
    return renderPage(deps, request, reply, HelpHomePage, { themes, articles });
  });

  app.get<{ Querystring: { q?: unknown } }>(helpPaths.search(), async (request, reply) => {
    const query = firstText(request.query.q);
    const result = await searchHelp(deps.db, query);
    return renderPage(deps, request, reply, HelpSearchPage, { query, result });
  });

  app.get<{ Params: { slug: string } }>(`${HELP_HOME}/:slug`, async (request, reply) => {
    const article = isSlug(request.params.slug) ? await findPublishedArticle(deps.db, request.params.slug) : undefined;
    if (!article) return renderPage(deps, request, reply, HelpNotFoundPage, {}, 404);
    return renderPage(deps, request, reply, HelpArticlePage, { article, voted: votedArticles(request).includes(article.id) });
  });

  app.post<{ Params: { slug: string } }>(`${HELP_HOME}/:slug/avis`, async (request, reply) => {
    const { slug } = request.params;
    const article = isSlug(slug) ? await findPublishedArticle(deps.db, slug) : undefined;
    if (!article) return renderPage(deps, request, reply, HelpNotFoundPage, {}, 404);
    const parsed = parseForm(voteForm, request.body);
    if (!parsed.valid) return renderPage(deps, request, reply, HelpArticlePage, { article, voted: false, voteError: parsed.errors.reponse }, 422);
    const id = await voteOnArticle(deps, { slug, helpful: parsed.values.reponse === "oui", alreadyVoted: votedArticles(request) });
    rememberVote(request, reply, id);
    return reply.redirect(`${helpPaths.article(slug)}#avis`, 303);
  });

  await helpAdminRoutes(app, deps);
}
