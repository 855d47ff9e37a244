import { sql, type Kysely } from "kysely";

// Issue 14: the agents' search by a common surname. Trigrams over the accounts found « Martin »'s
// 19,476 people by reading 9,193 heap pages, then probed requests once per person, then sorted
// every match (p95 429–436 ms with 4 agents at 1 M accounts / 2 M requests). Here each request
// carries the words of its applicant's names and of its organisation's name (lower-cased, cut at
// the spaces), with its procedure, status and filing date: a search is one index-only range per
// word within the procedure. Which words contain the text comes from a dictionary of the distinct
// words (a few thousand, with trigrams): « artin » still finds « Martin », as `ilike '%artin%'` did.
//
// Text without a space is inside one word of « Nom Prénom » exactly when it is inside the names,
// so the words answer it exactly; text with spaces keeps the trigrams over the names of 0009
// (core/requests/queries/agents.ts). Measured at 1 M accounts / 2 M requests: « Dupont » p50
// 162 → 7 ms, « Martin » 751 → 18 ms (bench/lists.ts, load 5–7); 1.75 GB for 8.2 M words.
//
// Triggers keep the words right whoever writes: a request inserted (set-based, for bulk loads),
// its status, filing date, applicant, organisation or procedure changed, an account's names or an
// organisation's name changed (registration, profile, FranceConnect, imports, demo and bench data
// all go through them). The words of the dictionary are never removed: a word nobody bears any
// more matches no request.

// A request's words: its applicant's names (both present, as « Nom Prénom » is null otherwise) and
// its organisation's name, lower-cased as ilike lower-cases, cut at the spaces, each once.
export const WORDS_OF_REQUEST = `
  from requests r
  left join accounts a on a.id = r.applicant_id
  left join organisations o on o.id = r.organisation_id
  cross join lateral (
    select distinct word from unnest(string_to_array(lower(a.last_name || ' ' || a.first_name), ' ') || string_to_array(lower(o.name), ' ')) as word
    where word <> ''
  ) as w`;

// Every request's words, set-based, and the dictionary of the words: here for the existing requests,
// and in bench:data after its bulk load (run with the insert trigger off).
export const FILL_REQUEST_NAME_WORDS = `insert into request_name_words (request_id, word, procedure_id, status, filed_at)
  select r.id, w.word, r.procedure_id, r.status, r.filed_at ${WORDS_OF_REQUEST}`;
export const FILL_NAME_WORDS = "insert into name_words (word) select distinct word from request_name_words on conflict do nothing";

// These two are replaced by migration 0032 (the pairs of words of people's names) and put back by
// its `down`: kept here as they were.
export const SOURCE_FUNCTION = `create or replace function request_name_words_source(ids uuid[]) returns table (request_id uuid, word text, procedure_id uuid, status text, filed_at timestamptz)
   language sql stable as $$
     select r.id, w.word, r.procedure_id, r.status, r.filed_at ${WORDS_OF_REQUEST}
     where r.id = any(ids)
   $$`;
export const REWRITE_FUNCTION = `create or replace function request_name_words_rewrite(ids uuid[]) returns void language plpgsql as $$
   begin
     delete from request_name_words where request_id = any(ids);
     with source as materialized (select * from request_name_words_source(ids)),
       dictionary as (insert into name_words (word) select distinct word from source order by word on conflict do nothing)
     insert into request_name_words (request_id, word, procedure_id, status, filed_at)
       select s.request_id, s.word, s.procedure_id, s.status, s.filed_at from source s;
   end
   $$`;

const statements = [
  `create table name_words (word text collate "C" primary key)`,
  `create table request_name_words (
    request_id uuid not null references requests (id) on delete cascade,
    word text collate "C" not null,
    procedure_id uuid not null,
    status text not null,
    filed_at timestamptz
  )`,
  // Existing requests, set-based, before the keys and indexes (built once, sorted: 2 M requests
  // took 6 min with the key maintained row by row and a function call per name).
  FILL_REQUEST_NAME_WORDS,
  `alter table request_name_words add primary key (request_id, word)`,
  FILL_NAME_WORDS,
  SOURCE_FUNCTION,
  // New words enter the dictionary in order: two writers adding the same new words wait for each
  // other in the same order instead of deadlocking.
  REWRITE_FUNCTION,
  `create index name_words_trgm on name_words using gin (word gin_trgm_ops)`,
  // The search: a word's requests in a procedure, with what the page filters and sorts on.
  `create index request_name_words_search on request_name_words (procedure_id, word) include (status, filed_at, request_id)`,

  // The planner's statistics at once. The visibility map, which lets the search read the index alone,
  // waits for (auto)vacuum, which cannot run in the migration's transaction: on a large base, run
  // `vacuum (analyze) request_name_words` after migrating (measured: 48 ms of PostgreSQL per search
  // page before, 15 ms after).
  `analyze request_name_words`,
  `analyze name_words`,

  `create function request_name_words_inserted() returns trigger language plpgsql as $$
   begin
     perform request_name_words_rewrite(array(select id from inserted));
     return null;
   end
   $$`,
  `create trigger requests_name_words_inserted after insert on requests
     referencing new table as inserted for each statement execute function request_name_words_inserted()`,
  `create function request_name_words_updated() returns trigger language plpgsql as $$
   begin
     if new.applicant_id is distinct from old.applicant_id or new.organisation_id is distinct from old.organisation_id
        or new.procedure_id is distinct from old.procedure_id then
       perform request_name_words_rewrite(array[new.id]);
     else
       update request_name_words set status = new.status, filed_at = new.filed_at where request_id = new.id;
     end if;
     return null;
   end
   $$`,
  // Not on last_activity_at nor answers: a draft saved or a line of history writes no word.
  `create trigger requests_name_words_updated after update of status, filed_at, applicant_id, organisation_id, procedure_id on requests
     for each row when (new.status is distinct from old.status or new.filed_at is distinct from old.filed_at
       or new.applicant_id is distinct from old.applicant_id or new.organisation_id is distinct from old.organisation_id
       or new.procedure_id is distinct from old.procedure_id)
     execute function request_name_words_updated()`,
  `create function request_name_words_account_renamed() returns trigger language plpgsql as $$
   begin
     perform request_name_words_rewrite(array(select id from requests where applicant_id = new.id));
     return null;
   end
   $$`,
  `create trigger accounts_name_words_renamed after update of last_name, first_name on accounts
     for each row when (new.last_name is distinct from old.last_name or new.first_name is distinct from old.first_name)
     execute function request_name_words_account_renamed()`,
  `create function request_name_words_organisation_renamed() returns trigger language plpgsql as $$
   begin
     perform request_name_words_rewrite(array(select id from requests where organisation_id = new.id));
     return null;
   end
   $$`,
  `create trigger organisations_name_words_renamed after update of name on organisations
     for each row when (new.name is distinct from old.name)
     execute function request_name_words_organisation_renamed()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop trigger if exists organisations_name_words_renamed on organisations").execute(db);
  await sql.raw("drop trigger if exists accounts_name_words_renamed on accounts").execute(db);
  await sql.raw("drop trigger if exists requests_name_words_updated on requests").execute(db);
  await sql.raw("drop trigger if exists requests_name_words_inserted on requests").execute(db);
  for (const fn of [
    "request_name_words_organisation_renamed()",
    "request_name_words_account_renamed()",
    "request_name_words_updated()",
    "request_name_words_inserted()",
    "request_name_words_rewrite(uuid[])",
    "request_name_words_source(uuid[])",
  ])
    await sql.raw(`drop function if exists ${fn}`).execute(db);
  await sql.raw("drop table if exists request_name_words").execute(db);
  await sql.raw("drop table if exists name_words").execute(db);
}
