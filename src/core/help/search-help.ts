import type { Db } from "../../platform/db/database.ts";
import { nearestWords, searchArticles, type SearchHit } from "./queries.ts";
import { CORRECTABLE_LENGTH, searchWords, tsqueryText } from "./search-words.ts";

export interface HelpSearchResult {
  /** Words read from the query: empty when nothing searchable was typed. */
  words: string[];
  /** Misspelt words and the word of the articles they were taken for ("renouvler" → "renouveler"). */
  corrections: { word: string; nearest: string }[];
  /** True when no article held every word and the results hold some of them. */
  partial: boolean;
  total: number;
  hits: SearchHit[];
}

/**
 * French full-text search of the published help articles: stemming and accents by the
 * guichet_french configuration, misspellings by the nearest word of the articles, every word
 * required first and, when no article has them all, any of them. Never fails on what was typed.
 */
export async function searchHelp(db: Db, query: string, limit = 10): Promise<HelpSearchResult> {
  const words = searchWords(query);
  if (words.length === 0) return { words, corrections: [], partial: false, total: 0, hits: [] };
  const nearest = new Map((await nearestWords(db, words.filter((word) => word.length >= CORRECTABLE_LENGTH))).map((entry) => [entry.word, entry.nearest]));
  const terms = words.map((word) => ({ word, nearest: nearest.get(word) ?? null }));
  const corrections = terms.flatMap(({ word, nearest }) => (nearest ? [{ word, nearest }] : []));
  const every = await searchArticles(db, { tsquery: tsqueryText(terms, "&"), limit });
  if (every.total > 0 || words.length === 1) return { words, corrections, partial: false, ...every };
  const some = await searchArticles(db, { tsquery: tsqueryText(terms, "|"), limit });
  return { words, corrections, partial: some.total > 0, ...some };
}
