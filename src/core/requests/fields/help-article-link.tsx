import type { Field, Step } from "../../procedures/definition/schema.ts";

/** Where the help's article pages live (features/help-articles): /comment-ca-marche/<slug>. */
const HELP_ARTICLES = "/comment-ca-marche";

/**
 * "En savoir plus : <title>" under a step's introduction or a field, when the definition names a
 * help article (`article_aide`). `titles` holds the published articles' titles by address; an
 * address missing from it (not published, mistyped) still links, to the help's friendly 404.
 */
export function HelpArticleLink({ slug, titles }: { slug: string | undefined; titles: Record<string, string> }) {
  if (!slug) return null;
  const title = titles[slug];
  return (
    <p class="help-link">
      En savoir plus : <a href={`${HELP_ARTICLES}/${encodeURIComponent(slug)}`}>{title ?? "l'aide « Comment ça marche ? »"}</a>
    </p>
  );
}

/** The articles a step and its fields link to, to load their titles in one query. */
export function helpArticleSlugs(step: Step): string[] {
  const slugs = [step.article_aide, ...step.champs.map((field: Field) => field.article_aide)];
  return [...new Set(slugs.filter((slug): slug is string => typeof slug === "string"))];
}
