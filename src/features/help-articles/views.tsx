import { raw } from "hono/html";
import { segmentsOf } from "../../core/help/highlight.ts";
import type { findPublishedArticle, listArticles, listThemes } from "../../core/help/queries.ts";
import type { HelpSearchResult } from "../../core/help/search-help.ts";
import { MAX_QUERY_LENGTH } from "../../core/help/search-words.ts";
import { Alert, Button, ErrorSummary, Form } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";

export const HELP_HOME = "/comment-ca-marche";
export const helpPaths = {
  home: HELP_HOME,
  search: (query?: string) => (query === undefined ? `${HELP_HOME}/recherche` : `${HELP_HOME}/recherche?q=${encodeURIComponent(query)}`),
  article: (slug: string) => `${HELP_HOME}/${encodeURIComponent(slug)}`,
  vote: (slug: string) => `${HELP_HOME}/${encodeURIComponent(slug)}/avis`,
};

const home = { label: "Accueil", href: "/" };
const helpCrumb = { label: "Comment ça marche ?", href: HELP_HOME };

type Theme = Awaited<ReturnType<typeof listThemes>>[number];
type ArticleRow = Awaited<ReturnType<typeof listArticles>>[number];

/** The search box, on every page of the help. */
function SearchBox({ query }: { query?: string }) {
  return (
    <form class="help-search" method="get" action={helpPaths.search()} role="search">
      <label class="field__label" for="help-search-q">
        Rechercher dans l'aide
      </label>
      <p class="field__hint" id="help-search-hint">
        Par exemple : pièces jointes, délais, renouveler ma demande.
      </p>
      <div class="help-search__row">
        <input class="field__input" type="search" id="help-search-q" name="q" value={query} maxlength={1000} aria-describedby="help-search-hint" />
        <button type="submit" class="button button--primary">
          Rechercher
        </button>
      </div>
    </form>
  );
}

function AskUs() {
  return (
    <section class="help-ask" aria-labelledby="help-ask-title">
      <h2 id="help-ask-title">Vous ne trouvez pas la réponse à votre question ?</h2>
      <p>
        <a href="/contact">Posez-nous votre question</a>
      </p>
    </section>
  );
}

/** "Comment ça marche ?": the themes in the admins' order and their published articles. */
export function HelpHomePage({ ctx, themes, articles }: { ctx: PageContext; themes: Theme[]; articles: ArticleRow[] }) {
  const shown = themes.map((theme) => ({ theme, articles: articles.filter((article) => article.themeId === theme.id) })).filter((entry) => entry.articles.length > 0);
  return (
    <Layout ctx={ctx} title="Comment ça marche ?" breadcrumb={[home, { label: "Comment ça marche ?" }]}>
      <h1>Comment ça marche ?</h1>
      <p class="lead">Les réponses aux questions les plus fréquentes, par thème.</p>
      <SearchBox />
      {shown.length === 0 ? <p>Aucun article n'est encore publié.</p> : null}
      <div class="help-themes">
        {shown.map(({ theme, articles }) => (
          <section class="help-theme" aria-labelledby={`theme-${theme.id}`}>
            <h2 id={`theme-${theme.id}`}>{theme.title}</h2>
            <ul>
              {articles.map((article) => (
                <li>
                  <a href={helpPaths.article(article.slug)}>{article.title}</a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <AskUs />
    </Layout>
  );
}

/** Text with the words ts_headline marked drawn in <mark>; every segment escaped by JSX. */
function Highlighted({ text }: { text: string }) {
  return <>{segmentsOf(text).map((segment) => (segment.marked ? <mark>{segment.text}</mark> : segment.text))}</>;
}

export function HelpSearchPage({ ctx, query, result }: { ctx: PageContext; query: string; result: HelpSearchResult }) {
  const { words, corrections, hits, total, partial } = result;
  const title = words.length === 0 ? "Rechercher dans l'aide" : `Recherche : ${query.slice(0, 80)}`;
  return (
    <Layout ctx={ctx} title={`${title} - Comment ça marche ?`} breadcrumb={[home, helpCrumb, { label: "Recherche" }]}>
      <h1>Rechercher dans l'aide</h1>
      <SearchBox query={query} />
      {query.length > MAX_QUERY_LENGTH ? <p>Seuls les {MAX_QUERY_LENGTH} premiers caractères de votre recherche ont été pris en compte.</p> : null}
      {words.length === 0 ? (
        <p>Saisissez un ou plusieurs mots, par exemple « pièces jointes ».</p>
      ) : (
        <section aria-labelledby="help-results-title">
          <h2 id="help-results-title">{total === 0 ? "Aucun article ne correspond à votre recherche" : total === 1 ? "1 article trouvé" : `${total} articles trouvés`}</h2>
          {corrections.length > 0 && total > 0 ? (
            <p>
              Résultats pour{" "}
              {corrections.map((correction, index) => (
                <>
                  {index > 0 ? ", " : ""}« <strong>{correction.nearest}</strong> » (vous avez saisi « {correction.word} »)
                </>
              ))}
              .
            </p>
          ) : null}
          {partial ? <p>Aucun article ne contient tous les mots cherchés : voici ceux qui en contiennent une partie.</p> : null}
          {total > hits.length ? <p>Les {hits.length} plus pertinents sont affichés : précisez votre recherche pour affiner.</p> : null}
          <ol class="help-results">
            {hits.map((hit) => (
              <li class="help-result">
                <h3 class="help-result__title">
                  <a href={helpPaths.article(hit.slug)}>
                    <Highlighted text={hit.titleHeadline} />
                  </a>
                </h3>
                <p class="help-result__theme">{hit.themeTitle}</p>
                <p class="help-result__passage">
                  <Highlighted text={hit.passage} />
                </p>
              </li>
            ))}
          </ol>
        </section>
      )}
      <AskUs />
    </Layout>
  );
}

export function HelpArticlePage(props: { ctx: PageContext; article: NonNullable<Awaited<ReturnType<typeof findPublishedArticle>>>; voted: boolean; voteError?: string | undefined }) {
  const { ctx, article, voted, voteError } = props;
  return (
    <Layout ctx={ctx} title={`${article.title} - Comment ça marche ?`} hasErrors={voteError !== undefined} breadcrumb={[home, helpCrumb, { label: article.title }]}>
      <ErrorSummary errors={voteError ? { reponse: voteError } : {}} />
      <p class="help-article__theme">{article.themeTitle}</p>
      <h1>{article.title}</h1>
      {/* Rendered through the Markdown sanitiser's allow-list when saved (src/platform/markdown.ts). */}
      <div class="help-article__body">{raw(article.bodyHtml)}</div>
      <section class="help-vote" id="avis" aria-labelledby="help-vote-title">
        {voted ? (
          <Alert type="success" title="Merci">
            <p>Merci pour votre réponse : elle nous aide à améliorer cette page.</p>
          </Alert>
        ) : (
          <>
            <h2 id="help-vote-title">Cette réponse vous a-t-elle aidé ?</h2>
            <Form action={helpPaths.vote(article.slug)} csrfToken={ctx.csrfToken}>
              <div class="help-vote__buttons" id="champ-reponse" tabindex={-1}>
                <Button variant="secondary" name="reponse" value="oui">
                  Oui
                </Button>
                <Button variant="secondary" name="reponse" value="non">
                  Non
                </Button>
              </div>
            </Form>
          </>
        )}
      </section>
      <p>
        <a href={HELP_HOME}>Toutes les questions</a>
      </p>
      <AskUs />
    </Layout>
  );
}

/** An address that names no published article: a page to go on from, with status 404. */
export function HelpNotFoundPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Article introuvable - Comment ça marche ?" breadcrumb={[home, helpCrumb, { label: "Article introuvable" }]}>
      <h1>Article introuvable</h1>
      <p>Cet article n'existe pas ou n'est plus publié. Cherchez votre réponse dans l'aide :</p>
      <SearchBox />
      <p>
        <a href={HELP_HOME}>Voir toutes les questions par thème</a>
      </p>
      <AskUs />
    </Layout>
  );
}
