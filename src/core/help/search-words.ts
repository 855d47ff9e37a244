/**
 * What a search box's text becomes before it reaches the database: plain words of letters and
 * digits, accents and case removed. Quotes, operators of tsquery (`& | ! : * ( ) <->`) and
 * anything else are word separators, so no input can make a query that fails; the length and
 * the number of words are capped, so a 1,000-character paste costs what a sentence costs.
 */

/** Characters of the search box read at most (the form field allows more; the rest is ignored). */
export const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 10;
const MAX_WORD_LENGTH = 40;

/** "Pièces jointes !" → ["pieces", "jointes"]; duplicates dropped, order kept. */
export function searchWords(query: string): string[] {
  const text = foldAccents(query.slice(0, MAX_QUERY_LENGTH));
  const words = text.split(/[^a-z0-9]+/).filter((word) => word.length > 0 && word.length <= MAX_WORD_LENGTH);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/** Lower case, accents and ligatures removed, as the database's unaccent does. */
export function foldAccents(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "");
}

/** Words long enough for a misspelling to be told from another word. */
export const CORRECTABLE_LENGTH = 4;

/**
 * The text of a tsquery from the words and their corrections: every word must match, a word the
 * articles do not use matching its nearest word as well. Words are [a-z0-9]+ only (searchWords),
 * so the text is always a valid tsquery.
 */
export function tsqueryText(words: { word: string; nearest: string | null }[], join: "&" | "|"): string {
  return words.map(({ word, nearest }) => (nearest && nearest !== word ? `(${word} | ${nearest})` : word)).join(` ${join} `);
}
