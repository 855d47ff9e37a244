import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";
import type { HelpArticleStatus } from "../../platform/db/schema.ts";
import { HEADLINE_OPTIONS, TITLE_HEADLINE_OPTIONS } from "./highlight.ts";

export type Direction = "up" | "down";

/** The themes in the admins' order. */
export async function listThemes(db: Db) {
  return db.selectFrom("helpThemes").select(["id", "title", "position"]).orderBy("position").orderBy("createdAt").execute();
}

export async function findTheme(db: Db, id: string) {
  return db.selectFrom("helpThemes").select(["id", "title", "position"]).where("id", "=", id).executeTakeFirst();
}

/** A new theme, after the others. */
export async function insertTheme(db: Db, theme: { title: string; createdAt: Date }) {
  return db
    .insertInto("helpThemes")
    .values({ title: theme.title, createdAt: theme.createdAt, position: sql<number>`(select coalesce(max(position), 0) + 1 from help_themes)` })
    .returning(["id", "title", "position"])
    .executeTakeFirstOrThrow();
}

/** Renames a theme; false when it no longer exists. */
export async function renameTheme(db: Db, id: string, title: string): Promise<boolean> {
  const result = await db.updateTable("helpThemes").set({ title }).where("id", "=", id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes a theme that holds no article; false when it holds some (or no longer exists). */
export async function deleteEmptyTheme(db: Db, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom("helpThemes")
    .where("id", "=", id)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("helpArticles").select("id").where("themeId", "=", id))))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Swaps a theme with its neighbour above or below; false at either end. Call inside a transaction. */
export async function moveTheme(db: Db, id: string, direction: Direction): Promise<boolean> {
  const current = await db.selectFrom("helpThemes").select(["id", "position"]).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!current) return false;
  const neighbour = await db
    .selectFrom("helpThemes")
    .select(["id", "position"])
    .where("position", direction === "up" ? "<" : ">", current.position)
    .orderBy("position", direction === "up" ? "desc" : "asc")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!neighbour) return false;
  await db.updateTable("helpThemes").set({ position: neighbour.position }).where("id", "=", current.id).execute();
  await db.updateTable("helpThemes").set({ position: current.position }).where("id", "=", neighbour.id).execute();
  return true;
}

/** Every article with what the admins' list shows, in theme order then the admins' order. */
export async function listArticles(db: Db, options: { publishedOnly: boolean }) {
  let query = db
    .selectFrom("helpArticles")
    .select(["id", "themeId", "slug", "title", "status", "position", "helpfulYes", "helpfulNo", "updatedAt"])
    .orderBy("themeId")
    .orderBy("position");
  if (options.publishedOnly) query = query.where("status", "=", "published");
  return query.execute();
}

/** One article as the admins' form edits it. */
export async function findArticle(db: Db, id: string) {
  return db
    .selectFrom("helpArticles")
    .select(["id", "themeId", "slug", "title", "body", "bodyHtml", "status", "position", "helpfulYes", "helpfulNo", "updatedAt"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A published article by its address, with its theme; drafts are not found. */
export async function findPublishedArticle(db: Db, slug: string) {
  return db
    .selectFrom("helpArticles")
    .innerJoin("helpThemes", "helpThemes.id", "helpArticles.themeId")
    .select(["helpArticles.id", "helpArticles.slug", "helpArticles.title", "helpArticles.bodyHtml", "helpArticles.updatedAt", "helpThemes.title as themeTitle"])
    .where("helpArticles.slug", "=", slug)
    .where("helpArticles.status", "=", "published")
    .executeTakeFirst();
}

/** Whether another article has this address. */
export async function isSlugTaken(db: Db, slug: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom("helpArticles").select("id").where("slug", "=", slug);
  if (exceptId) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface ArticleValues {
  themeId: string;
  slug: string;
  title: string;
  body: string;
  bodyHtml: string;
  plainText: string;
  status: HelpArticleStatus;
}

/** A new article, last of its theme. */
export async function insertArticle(db: Db, article: ArticleValues & { at: Date }) {
  const { at, ...values } = article;
  return db
    .insertInto("helpArticles")
    .values({
      ...values,
      createdAt: at,
      updatedAt: at,
      position: sql<number>`(select coalesce(max(position), 0) + 1 from help_articles where theme_id = ${values.themeId})`,
    })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
}

/** Rewrites an article; moved to another theme, it goes last there. False when it no longer exists. */
export async function updateArticle(db: Db, id: string, article: ArticleValues & { at: Date }): Promise<boolean> {
  const { at, ...values } = article;
  const result = await db
    .updateTable("helpArticles")
    .set({
      ...values,
      updatedAt: at,
      position: sql<number>`case when theme_id = ${values.themeId} then position else (select coalesce(max(other.position), 0) + 1 from help_articles other where other.theme_id = ${values.themeId}) end`,
    })
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteArticle(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom("helpArticles").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Swaps an article with its neighbour in its theme; false at either end. Call inside a transaction. */
export async function moveArticle(db: Db, id: string, direction: Direction): Promise<boolean> {
  const current = await db.selectFrom("helpArticles").select(["id", "themeId", "position"]).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!current) return false;
  const neighbour = await db
    .selectFrom("helpArticles")
    .select(["id", "position"])
    .where("themeId", "=", current.themeId)
    .where("position", direction === "up" ? "<" : ">", current.position)
    .orderBy("position", direction === "up" ? "desc" : "asc")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!neighbour) return false;
  await db.updateTable("helpArticles").set({ position: neighbour.position }).where("id", "=", current.id).execute();
  await db.updateTable("helpArticles").set({ position: current.position }).where("id", "=", neighbour.id).execute();
  return true;
}

/** "Cette réponse vous a-t-elle aidé ?": one more Oui or Non; false for an article not published. */
export async function countVote(db: Db, id: string, helpful: boolean): Promise<boolean> {
  const result = await db
    .updateTable("helpArticles")
    .set(helpful ? { helpfulYes: sql<number>`helpful_yes + 1` } : { helpfulNo: sql<number>`helpful_no + 1` })
    .where("id", "=", id)
    .where("status", "=", "published")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Titles of the published articles among these addresses (the "En savoir plus" links of a form). */
export async function findPublishedTitles(db: Db, slugs: readonly string[]): Promise<Record<string, string>> {
  // An empty `in ()` is not SQL.
  if (slugs.length === 0) return {};
  const rows = await db.selectFrom("helpArticles").select(["slug", "title"]).where("slug", "in", [...slugs]).where("status", "=", "published").execute();
  return Object.fromEntries(rows.map((row) => [row.slug, row.title]));
}

/** Adds the words of an article's text to the vocabulary misspellings are corrected to. */
export async function addWords(db: Db, text: string): Promise<void> {
  await sql`
    insert into help_words (word)
    select distinct word from regexp_split_to_table(lower(unaccent(${text})), '[^a-z0-9]+') as word
    where length(word) between 4 and 40
    on conflict do nothing
  `.execute(db);
}

/**
 * For each search word, the nearest word of the articles when the word itself is not one of
 * theirs (trigram similarity of at least 0.35, from the trigram index), or null.
 */
export async function nearestWords(db: Db, words: readonly string[]): Promise<{ word: string; nearest: string | null }[]> {
  if (words.length === 0) return [];
  const { rows } = await sql<{ word: string; nearest: string | null }>`
    select asked.word, case when exists (select 1 from help_words known where known.word = asked.word) then null else (
      select candidate.word from help_words candidate
      where candidate.word % asked.word and similarity(candidate.word, asked.word) >= 0.35
      order by similarity(candidate.word, asked.word) desc, candidate.word limit 1
    ) end as nearest
    from unnest(cast(${[...words]} as text[])) with ordinality as asked(word, n)
    order by asked.n
  `.execute(db);
  return rows;
}

export interface SearchHit {
  slug: string;
  title: string;
  themeTitle: string;
  /** The title and the passage from ts_headline, matching words between the markers of highlight.ts. */
  titleHeadline: string;
  passage: string;
}

/**
 * Published articles matching a tsquery text (built by search-words.ts from plain words only),
 * best first: the title weighs more than the text. The passage is computed for the page shown only.
 */
export async function searchArticles(db: Db, query: { tsquery: string; limit: number }): Promise<{ total: number; hits: SearchHit[] }> {
  const { rows } = await sql<SearchHit & { total: number }>`
    with q as (select to_tsquery('guichet_french', ${query.tsquery}) as query),
    -- Materialised: the count over all matches then carries ids and ranks, not their vectors.
    matches as materialized (
      select a.id, a.title, ts_rank(a.search_document, q.query) as rank
      from help_articles a, q
      where a.status = 'published' and a.search_document @@ q.query
    ),
    ranked as (
      select id, rank, count(*) over () as total from matches
      order by rank desc, title, id
      limit ${query.limit}
    )
    select a.slug, a.title, t.title as theme_title, ranked.total::int as total,
      ts_headline('guichet_french', a.title, q.query, ${TITLE_HEADLINE_OPTIONS}) as title_headline,
      ts_headline('guichet_french', a.plain_text, q.query, ${HEADLINE_OPTIONS}) as passage
    from ranked
    join help_articles a on a.id = ranked.id
    join help_themes t on t.id = a.theme_id
    cross join q
    order by ranked.rank desc, a.title, a.id
  `.execute(db);
  return { total: rows[0]?.total ?? 0, hits: rows.map(({ total: _total, ...hit }) => hit) };
}
