import { sql, type Kysely } from "kysely";
import { REWRITE_FUNCTION, SOURCE_FUNCTION, WORDS_OF_REQUEST } from "./0027_request_name_words.ts";

// Issue 14: an agent types a person's two names, « Camille Martin », or a surname of two words,
// « Le Roux ». Text with a space went through the trigrams over the accounts (migration 0009):
// every person whose names hold it, then their requests one probe at a time — « Le Roux » at 1 M
// accounts / 2 M requests: 4,926 people, 9,271 blocks, 100–215 ms of PostgreSQL with a cold cache,
// the slowest searches of bench:pages. Here each request also carries the pairs of consecutive
// words of its applicant's « Nom Prénom » and « Prénom Nom » (« le roux », « roux camille »,
// « camille le »), beside the words of 0027, and a dictionary of the pairs: a text of two pieces is
// then one index-only range per pair containing it, as a text of one piece is per word.
//
// Exact, as ilike is: a text « a b » (one space) lies inside « Nom Prénom » exactly when « a » ends
// one word and « b » begins the next, i.e. when it lies inside one of the pairs. The names are cut
// at each space as typed (a double space makes an empty word), so a pair is exactly the text
// between two word boundaries. Text with more spaces, and organisations' names (long, few: 10,000
// at 1 M accounts), keep the trigrams of migration 0009.
//
// The triggers of 0027 call request_name_words_source and request_name_words_rewrite: replacing
// both keeps the pairs right whoever writes, as the words are. Measured at 1 M accounts / 2 M
// requests: ~2 pairs per request (the bench's people have one first name and one surname, some
// of two words), request_name_words 8.2 M → 12.3 M rows, 40,976 pairs in the dictionary, about
// 5 minutes. As after 0027, run `VACUUM ANALYZE request_name_words` on a large database: the
// search reads the index alone only once the visibility map is set.

/** The pairs of consecutive words of a text cut at each space ("" for a double space's middle). */
const PAIRS_FUNCTION = `create function name_pairs_of(names text) returns setof text language sql immutable as $$
  select pieces[i] || ' ' || pieces[i + 1]
  from (select string_to_array(names, ' ') as pieces) as cut
  cross join generate_series(1, coalesce(array_length(pieces, 1), 0) - 1) as i
$$`;

// A request's pairs: its applicant's names in both orders (both present, as for the words).
const PAIRS_OF_REQUEST = `
  from requests r
  join accounts a on a.id = r.applicant_id
  cross join lateral (
    select name_pairs_of(lower(a.last_name || ' ' || a.first_name)) as word
    union
    select name_pairs_of(lower(a.first_name || ' ' || a.last_name))
  ) as p`;

// Every request's pairs and the dictionary of the pairs, set-based: here for the existing requests,
// and in bench:data after its bulk load (run with the insert trigger off).
export const FILL_REQUEST_NAME_PAIRS = `insert into request_name_words (request_id, word, procedure_id, status, filed_at)
  select r.id, p.word, r.procedure_id, r.status, r.filed_at ${PAIRS_OF_REQUEST}`;
export const FILL_NAME_PAIRS = "insert into name_pairs (pair) select distinct word from request_name_words where strpos(word, ' ') > 0 on conflict do nothing";

const statements = [
  `create table name_pairs (pair text collate "C" primary key)`,
  PAIRS_FUNCTION,
  FILL_REQUEST_NAME_PAIRS,
  FILL_NAME_PAIRS,
  `create index name_pairs_trgm on name_pairs using gin (pair gin_trgm_ops)`,
  `create or replace function request_name_words_source(ids uuid[]) returns table (request_id uuid, word text, procedure_id uuid, status text, filed_at timestamptz)
   language sql stable as $$
     select r.id, w.word, r.procedure_id, r.status, r.filed_at ${WORDS_OF_REQUEST}
     where r.id = any(ids)
     union all
     select r.id, p.word, r.procedure_id, r.status, r.filed_at ${PAIRS_OF_REQUEST}
     where r.id = any(ids)
   $$`,
  // A pair holds a space, a word never: each goes to its own dictionary, in order (no deadlock
  // between two writers adding the same new ones).
  `create or replace function request_name_words_rewrite(ids uuid[]) returns void language plpgsql as $$
   begin
     delete from request_name_words where request_id = any(ids);
     with source as materialized (select * from request_name_words_source(ids)),
       dictionary as (insert into name_words (word) select distinct word from source where strpos(word, ' ') = 0 order by word on conflict do nothing),
       pairs as (insert into name_pairs (pair) select distinct word from source where strpos(word, ' ') > 0 order by word on conflict do nothing)
     insert into request_name_words (request_id, word, procedure_id, status, filed_at)
       select s.request_id, s.word, s.procedure_id, s.status, s.filed_at from source s;
   end
   $$`,
  `analyze request_name_words`,
  `analyze name_pairs`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SOURCE_FUNCTION).execute(db);
  await sql.raw(REWRITE_FUNCTION).execute(db);
  await sql.raw("delete from request_name_words where strpos(word, ' ') > 0").execute(db);
  await sql.raw("drop function if exists name_pairs_of(text)").execute(db);
  await sql.raw("drop table if exists name_pairs").execute(db);
}
