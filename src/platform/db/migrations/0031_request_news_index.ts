import { sql, type Kysely } from "kysely";

// Issue 14: each agents' list page asks which of its 50 requests have applicant news since the
// agent last opened them (core/requests/queries/renewal.ts, listRequestsWithNews). Through
// `request_events_request` that read every event of each request — an index page and a heap page
// per request, ~80 blocks a page at 2 M requests, most of them from disk once the cache has let
// them go — to keep the few that are news. This index holds the news alone (a small share of a
// request's history: filed, taken, decided are not news), with what the query reads, so a page
// reads a handful of its pages, which stay in memory.
//
// The list is written out here, as a migration is frozen: the queries write the same events as
// constants (a test compares them with APPLICANT_NEWS_EVENTS), which is what lets PostgreSQL use a
// partial index. A new kind of news needs a migration that rebuilds the index.
export const NEWS_EVENTS = ["request.updated", "request.renewed", "ask.modification_answered", "ask.documents_answered"] as const;

const statements = [
  `create index request_events_news on request_events (request_id, occurred_at) include (event)
    where event in (${NEWS_EVENTS.map((event) => `'${event}'`).join(", ")})`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop index if exists request_events_news").execute(db);
}
