import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { HelpArticleStatus } from "../../platform/db/schema.ts";
import { FormError } from "../../platform/http/errors.ts";
import { markdownToText, renderMarkdown } from "../../platform/markdown.ts";
import { withoutMarkers } from "./highlight.ts";
import { addWords, findTheme, insertArticle, isSlugTaken, updateArticle } from "./queries.ts";
import { slugOf } from "./slug.ts";

export interface ArticleInput {
  themeId: string;
  title: string;
  /** Empty: made from the title. */
  slug: string;
  body: string;
  status: HelpArticleStatus;
}

/** Addresses of the help's own pages (/comment-ca-marche/recherche). */
const RESERVED_SLUGS = new Set(["recherche"]);

export class HelpArticleGone extends Error {
  override name = "HelpArticleGone";
}

/**
 * Writes a help article (a new one without `id`): its Markdown rendered through the sanitiser
 * once, its words added to the vocabulary that corrects misspelt searches. An address another
 * article has, or a theme deleted meanwhile, is the admin's to fix (FormError); an address made
 * from the title gets a number instead ("-2").
 */
export async function saveArticle(
  deps: { db: Db; clock: Clock },
  input: ArticleInput & { id?: string | undefined },
  /** Runs in the same transaction once the article is written (the caller's audit trail). */
  afterSave?: (db: Db, saved: { id: string; slug: string }) => Promise<void>,
): Promise<{ id: string; slug: string }> {
  return deps.db.transaction().execute(async (db) => {
    if (!(await findTheme(db, input.themeId))) throw new FormError({ theme: "Ce thème n'existe plus : choisissez-en un autre." });
    let slug = input.slug;
    if (slug) {
      if (RESERVED_SLUGS.has(slug)) throw new FormError({ slug: "Cette adresse est réservée par le portail : choisissez-en une autre." });
      if (await isSlugTaken(db, slug, input.id)) throw new FormError({ slug: "Un autre article a déjà cette adresse : choisissez-en une autre." });
    } else {
      const base = slugOf(input.title);
      slug = base;
      for (let n = 2; RESERVED_SLUGS.has(slug) || (await isSlugTaken(db, slug, input.id)); n += 1) slug = `${base}-${n}`;
    }
    const body = withoutMarkers(input.body);
    const title = withoutMarkers(input.title);
    const plainText = withoutMarkers(markdownToText(body));
    const values = { themeId: input.themeId, slug, title, body, bodyHtml: renderMarkdown(body), plainText, status: input.status, at: deps.clock.now() };
    let id = input.id;
    if (id) {
      if (!(await updateArticle(db, id, values))) throw new HelpArticleGone();
    } else id = (await insertArticle(db, values)).id;
    await addWords(db, `${title} ${plainText}`);
    await afterSave?.(db, { id, slug });
    return { id, slug };
  });
}
