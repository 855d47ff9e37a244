import { sql, type Kysely } from "kysely";

// "Comment ça marche ?" (src/core/help): themes and articles written by platform admins, and a
// French full-text search over the published ones.
// - guichet_french: the French configuration with unaccent before the French stemmer, so that
//   "piece", "pièce" and "pièces" meet. unaccent and pg_trgm are trusted extensions of
//   PostgreSQL's contrib, and ship with PGlite (loaded in database.ts).
// - search_document: the weighted vector (title A, text B), computed by the database at every
//   write and stored: ranking reads it for every match, and computing it (or parsing its text
//   form) for each one cost 15 to 50 times more than reading it (measured over 5,000 articles).
// - help_words: every word (unaccented, lower case) the articles contain, with a trigram index,
//   so that a misspelt word of a search is replaced by the nearest word the articles use.
const statements = [
  `create extension if not exists unaccent`,
  `create extension if not exists pg_trgm`,
  `do $$ begin
    if not exists (select 1 from pg_ts_config where cfgname = 'guichet_french') then
      create text search configuration guichet_french (copy = french);
      alter text search configuration guichet_french alter mapping for hword, hword_part, word with unaccent, french_stem;
    end if;
  end $$`,
  `create table help_themes (
    id uuid primary key default gen_random_uuid(),
    title text not null,
    -- The order the admins chose; swapped with a neighbour, never renumbered.
    position integer not null,
    created_at timestamptz not null
  )`,
  `create table help_articles (
    id uuid primary key default gen_random_uuid(),
    theme_id uuid not null references help_themes (id) on delete restrict,
    -- The public address, /comment-ca-marche/<slug>: what procedures' "article_aide" names.
    slug text not null unique,
    title text not null,
    -- Markdown as written; body_html is its rendering through the sanitiser, plain_text its words.
    body text not null,
    body_html text not null,
    plain_text text not null,
    status text not null check (status in ('draft', 'published')),
    position integer not null,
    -- "Cette réponse vous a-t-elle aidé ?"
    helpful_yes integer not null default 0,
    helpful_no integer not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    search_document tsvector generated always as (
      setweight(to_tsvector('guichet_french'::regconfig, title), 'A') || setweight(to_tsvector('guichet_french'::regconfig, plain_text), 'B')
    ) stored
  )`,
  // Kept in the row (compressed if need be) while the long texts go to TOAST first: ranking reads
  // the vector of every match, and fetching it from TOAST tripled the search's reads.
  `alter table help_articles alter column search_document set storage main`,
  `create index help_articles_by_theme on help_articles (theme_id, position)`,
  `create index help_articles_search on help_articles using gin (search_document) where status = 'published'`,
  `create table help_words (word text primary key)`,
  `create index help_words_trgm on help_words using gin (word gin_trgm_ops)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists help_words").execute(db);
  await sql.raw("drop table if exists help_articles").execute(db);
  await sql.raw("drop table if exists help_themes").execute(db);
  await sql.raw("drop text search configuration if exists guichet_french").execute(db);
}
