import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { RequestStatus } from "../../../platform/db/schema.ts";
import type { Answers } from "../../procedures/answers/values.ts";
import type { ProcedureDefinition } from "../../procedures/definition/schema.ts";

/*
 * Definitions and answers are jsonb: they are read as text and parsed here, because the
 * CamelCasePlugin would rename the keys inside them ("sous_champs" → "sousChamps").
 */

/** The title of a procedure: its published version's, else its latest loaded version's. */
const procedureTitle = sql<string>`coalesce(
  (select v.definition ->> 'titre' from procedure_versions v where v.id = procedures.current_version_id),
  (select v.definition ->> 'titre' from procedure_versions v where v.procedure_id = procedures.id order by v.number desc limit 1)
)`;

/** Every procedure with its title, by slug (the admin's choice when attaching an agent). */
export async function listProcedureChoices(db: Db) {
  return db.selectFrom("procedures").select(["procedures.id", "procedures.slug", procedureTitle.as("title")]).orderBy("procedures.slug").execute();
}

/**
 * A procedure with its case workers' groups (groupes_instructeurs) from its latest loaded
 * version: the groups an agent may be attached in.
 */
export async function findProcedureWithGroups(db: Db, slug: string) {
  const row = await db
    .selectFrom("procedures")
    .select([
      "procedures.id",
      "procedures.slug",
      procedureTitle.as("title"),
      sql<string | null>`(select (v.definition -> 'groupes_instructeurs')::text from procedure_versions v where v.procedure_id = procedures.id order by v.number desc limit 1)`.as("groupsText"),
    ])
    .where("procedures.slug", "=", slug)
    .executeTakeFirst();
  if (!row) return undefined;
  const { groupsText, ...procedure } = row;
  return { ...procedure, groups: groupsText ? (JSON.parse(groupsText) as string[]) : [] };
}

/** Agents with the procedures they are attached to, by last name. */
export async function listAgents(db: Db) {
  const [agents, attachments] = await Promise.all([
    db
      .selectFrom("accounts")
      .select(["id", "identifier", "email", "civility", "lastName", "firstName", "mustChangePassword", "createdAt"])
      .where("role", "=", "agent")
      .orderBy("lastName")
      .orderBy("firstName")
      .orderBy("identifier")
      .execute(),
    db
      .selectFrom("procedureAgents")
      .innerJoin("procedures", "procedures.id", "procedureAgents.procedureId")
      .innerJoin("accounts", "accounts.id", "procedureAgents.accountId")
      .select(["procedureAgents.accountId", "procedureAgents.groupName", "procedures.slug", procedureTitle.as("title")])
      .where("accounts.role", "=", "agent")
      .orderBy("procedures.slug")
      .execute(),
  ]);
  return agents.map((agent) => ({
    ...agent,
    procedures: attachments.filter((row) => row.accountId === agent.id).map(({ slug, title, groupName }) => ({ slug, title, groupName })),
  }));
}
export type AgentSummary = Awaited<ReturnType<typeof listAgents>>[number];

/** Attaches (or moves to another group) an agent; true when the agent was not attached before. */
export async function upsertProcedureAgent(db: Db, row: { procedureId: string; accountId: string; groupName: string; createdAt: Date }) {
  const before = await db.selectFrom("procedureAgents").select("groupName").where("procedureId", "=", row.procedureId).where("accountId", "=", row.accountId).executeTakeFirst();
  await db
    .insertInto("procedureAgents")
    .values(row)
    .onConflict((conflict) => conflict.columns(["procedureId", "accountId"]).doUpdateSet({ groupName: row.groupName }))
    .execute();
  return { attached: before === undefined, previousGroup: before?.groupName ?? null };
}

export async function deleteProcedureAgent(db: Db, procedureId: string, accountId: string) {
  const result = await db.deleteFrom("procedureAgents").where("procedureId", "=", procedureId).where("accountId", "=", accountId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The procedure an agent is attached to, by slug; undefined for any other procedure. */
export async function findAgentProcedure(db: Db, agentId: string, slug: string) {
  return db
    .selectFrom("procedureAgents")
    .innerJoin("procedures", "procedures.id", "procedureAgents.procedureId")
    .select(["procedures.id", "procedures.slug", "procedures.status", "procedureAgents.groupName", procedureTitle.as("title")])
    .where("procedureAgents.accountId", "=", agentId)
    .where("procedures.slug", "=", slug)
    .executeTakeFirst();
}
export type AgentProcedure = NonNullable<Awaited<ReturnType<typeof findAgentProcedure>>>;

export async function isAgentOfProcedure(db: Db, agentId: string, procedureId: string): Promise<boolean> {
  const row = await db
    .selectFrom("procedureAgents")
    .innerJoin("accounts", "accounts.id", "procedureAgents.accountId")
    .select("procedureAgents.accountId")
    .where("procedureAgents.accountId", "=", agentId)
    .where("procedureAgents.procedureId", "=", procedureId)
    .where("accounts.role", "=", "agent")
    .executeTakeFirst();
  return row !== undefined;
}

/** The statuses an agent sees (drafts are the applicant's own business). */
export const INSTRUCTION_STATUSES = ["filed", "in_instruction", "accepted", "refused", "closed", "abandoned", "expired"] as const satisfies readonly RequestStatus[];

/**
 * Past this many matching requests the list says "more than" instead of counting them all:
 * counting hundreds of thousands of rows would cost more than the page itself, and nobody pages
 * that far (they filter or search instead).
 */
export const COUNT_CAP = 10_000;

/** The agent's procedures, each with how many requests it holds per status. */
export async function listAgentProceduresWithCounts(db: Db, agentId: string) {
  const procedures = await db
    .selectFrom("procedureAgents")
    .innerJoin("procedures", "procedures.id", "procedureAgents.procedureId")
    .select(["procedures.id", "procedures.slug", "procedures.status", "procedureAgents.groupName", procedureTitle.as("title")])
    .where("procedureAgents.accountId", "=", agentId)
    .orderBy("procedures.slug")
    .execute();
  // Guard against an `in ()` that PostgreSQL refuses: an agent may have no procedure yet.
  if (procedures.length === 0) return [];
  // One small index-only scan of requests_procedure_status per procedure and status, each
  // stopping at COUNT_CAP + 1: a busy procedure does not make the page count millions of rows.
  const counts = await sql<{ procedureId: string; status: string; count: string }>`
    select p.id as procedure_id, s.status, c.count
    from unnest(${sql.val(procedures.map((procedure) => procedure.id))}::uuid[]) as p (id)
    cross join unnest(${sql.val([...INSTRUCTION_STATUSES])}::text[]) as s (status)
    cross join lateral (
      select count(*) as count from (select 1 from requests r where r.procedure_id = p.id and r.status = s.status limit ${COUNT_CAP + 1}) as capped
    ) as c`.execute(db);
  return procedures.map((procedure) => {
    const byStatus = Object.fromEntries(INSTRUCTION_STATUSES.map((status) => [status, 0])) as Record<(typeof INSTRUCTION_STATUSES)[number], number>;
    for (const row of counts.rows) if (row.procedureId === procedure.id) byStatus[row.status as keyof typeof byStatus] = Number(row.count);
    return { ...procedure, counts: byStatus };
  });
}
export type AgentProcedureWithCounts = Awaited<ReturnType<typeof listAgentProceduresWithCounts>>[number];

/**
 * What the search box asked for: a whole number (every status: numbers are unique), part of a
 * number ("C4W DSP", compact and in upper case), or part of a name.
 */
export type RequestSearch =
  | { kind: "none" }
  | { kind: "number"; number: string }
  | { kind: "number-part"; part: string }
  /** `numberPart`: letters that could also be part of a number ("TGD PJN"): both are looked for. */
  | { kind: "name"; text: string; numberPart?: string };

/** Whose requests: anyone's, one agent's ("Assignées à moi" is the viewer's id), nobody's. */
export type RequestAssignment = { kind: "anyone" } | { kind: "agent"; agentId: string } | { kind: "nobody" };

/**
 * Where the requests stand with their asks (request_asks): any, "En attente du demandeur" (an ask
 * is open), "Réponse reçue" (an ask was answered after the viewer last opened the request, and
 * none is open).
 */
export type RequestAskFilter = "any" | "waiting" | "answered";

export type RequestSort = { by: "filed" | "activity"; direction: "asc" | "desc" };

/**
 * The selection of an agents' list: what `parseRequestListQuery` (features/instruction/filters.ts)
 * makes of the list's address, and what listProcedureRequests (and an export) select.
 */
export interface RequestListFilter {
  statuses: readonly RequestStatus[];
  search: RequestSearch;
  assignment: RequestAssignment;
  asks: RequestAskFilter;
  sort: RequestSort;
}

export const DEFAULT_SORT: RequestSort = { by: "filed", direction: "asc" };

/** `%` and `_` typed in a name are letters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The conditions of the assignment and asks filters on a requests alias (`requests`,
 * `byApplicant`…), as SQL; `viewerId` is the agent whose last visit "Réponse reçue" compares with.
 */
function extraConditions(alias: string, filter: { assignment?: RequestAssignment; asks?: RequestAskFilter; viewerId?: string | null }) {
  const id = sql.ref(`${alias}.id`);
  const conditions = [];
  const assignment = filter.assignment ?? { kind: "anyone" };
  if (assignment.kind === "agent") conditions.push(sql<boolean>`${sql.ref(`${alias}.assignedAgentId`)} = ${assignment.agentId}`);
  if (assignment.kind === "nobody") conditions.push(sql<boolean>`${sql.ref(`${alias}.assignedAgentId`)} is null`);
  const openAsk = sql<boolean>`exists (select 1 from request_asks open_ask where open_ask.request_id = ${id} and open_ask.status = 'open')`;
  if (filter.asks === "waiting") conditions.push(openAsk);
  if (filter.asks === "answered") {
    conditions.push(sql<boolean>`not ${openAsk}`);
    conditions.push(sql<boolean>`exists (
      select 1 from request_asks answered where answered.request_id = ${id} and answered.status = 'answered'
        and answered.answered_at > coalesce(
          (select seen.seen_at from request_agent_views seen where seen.request_id = ${id} and seen.agent_id = ${filter.viewerId ?? null}::uuid),
          '-infinity'::timestamptz))`);
  }
  return conditions;
}

/** What a name search's matches are sorted on, on a requests alias: the filing date or the last activity. */
function sortedAt(alias: string, filter: ListFilterInput) {
  return sql<Date | null>`${sql.ref(`${alias}.${filter.sort?.by === "activity" ? "lastActivityAt" : "filedAt"}`)}`.as("sortedAt");
}

/**
 * The words of the names (migration 0027: the distinct words, lower-cased, cut at the spaces) that
 * contain this piece of the text, found in the dictionary by its trigrams (read whole under three letters).
 */
async function wordsContaining(db: Db, piece: string): Promise<string[]> {
  const rows = await db.selectFrom("nameWords").select("nameWords.word").where("nameWords.word", "like", sql<string>`lower(${likePattern(piece)})`).execute();
  return rows.map((row) => row.word);
}

/**
 * The pairs of consecutive words of people's names (migration 0032: « le roux », « camille martin »)
 * that contain this text of two pieces, found in their dictionary by trigrams.
 */
async function pairsContaining(db: Db, text: string): Promise<string[]> {
  const rows = await db.selectFrom("namePairs").select("namePairs.pair").where("namePairs.pair", "like", sql<string>`lower(${likePattern(text)})`).execute();
  return rows.map((row) => row.pair);
}

/**
 * The id and filing date (or last activity, for that order) of the procedure's requests in these
 * statuses whose applicant's names ("Nom Prénom" or "Prénom Nom") or organisation's name contain
 * the text, case aside (as `ilike`), or (`numberPart`) whose number contains those letters.
 *
 * Text without a space lies inside one word of the names exactly when it lies inside the names.
 * Every request carries the words of those names (`request_name_words`, kept by the triggers of
 * migration 0027) with its procedure, status and filing date: the requests of a one-word text are
 * those of the dictionary's words containing it, an index-only range per word within the
 * procedure. « Martin » at 2 M requests reads about 18,000 index entries instead of thousands of
 * accounts' heap rows and one probe into requests per account (p50 751 → 24 ms measured). The
 * words are read first: one word (the usual case) needs no deduplication of the matches, which
 * cost most of the query (« Dupont », 4,377 matches: 20 → 3 ms). The assignment and asks filters
 * and the sort by activity read the matching requests' rows.
 *
 * Text with one space (« Camille Martin », « Le Roux ») lies inside « Nom Prénom » or « Prénom
 * Nom » exactly when it lies inside a pair of consecutive words of them: each request also carries
 * those pairs (migration 0032), read as the words are; organisations' names through their trigrams.
 * « Le Roux », 4,926 people at 1 M accounts, read 9,271 blocks the other way (100–215 ms cold).
 *
 * Text with more spaces (« mairie de lyon », « de la fontaine élodie ») is rare in people and
 * organisations as a whole: trigrams over the names find few of them (`accounts_names_trgm`, the
 * very expressions compared, migration 0009), then `requests_applicant_search` /
 * `requests_organisation_search` give their requests. Its words would each match thousands (« de »).
 */
async function requestsMatchingName(db: Db, filter: ListFilterInput, text: string, numberPart?: string) {
  const pieceCount = text.split(" ").length;
  const byName =
    pieceCount === 1
      ? requestsWithWords(db, filter, await wordsContaining(db, text))
      : pieceCount === 2
        ? requestsWithWords(db, filter, await pairsContaining(db, text)).union(requestsOfOrganisationsNamed(db, filter, text))
        : requestsWithNames(db, filter, text);
  const named = db.selectFrom(byName.as("named")).select(["named.id", "named.sortedAt"]);
  if (numberPart === undefined) return named;
  return named.union(
    db
      .selectFrom("requests as byNumber")
      .select(["byNumber.id", sortedAt("byNumber", filter)])
      .where("byNumber.procedureId", "=", filter.procedureId)
      .where("byNumber.status", "in", filter.statuses)
      // requests_number_trgm (migration 0020).
      .where("byNumber.number", "like", likePattern(numberPart))
      .where((eb) => eb.and(extraConditions("byNumber", filter))),
  );
}

/** The requests with one of these words (or pairs of words) in their names, by the words' index. */
function requestsWithWords(db: Db, filter: ListFilterInput, words: string[]) {
  const extra = extraConditions("byWord", filter);
  const withWord = db
    .selectFrom("requestNameWords as byWord")
    .where("byWord.procedureId", "=", filter.procedureId)
    .where("byWord.status", "in", filter.statuses)
    // Guard against an `in ()` that PostgreSQL refuses: no word contains the text.
    .where(words.length > 0 ? sql<boolean>`${sql.ref("byWord.word")} = any(${sql.val(words)}::text[])` : sql<boolean>`false`);
  if (extra.length === 0 && filter.sort?.by !== "activity") {
    // All the page needs is in the words' index: no request row is read. A request has each word
    // once: only several words can bring it twice.
    const matches = withWord.select(["byWord.requestId as id", sql<Date | null>`${sql.ref("byWord.filedAt")}`.as("sortedAt")]);
    return words.length > 1 ? matches.distinct() : matches;
  }
  return db
    .selectFrom("requests as byWord")
    .select(["byWord.id", sortedAt("byWord", filter)])
    .where("byWord.procedureId", "=", filter.procedureId)
    .where("byWord.status", "in", filter.statuses)
    .where("byWord.id", "in", withWord.select("byWord.requestId"))
    .where((eb) => eb.and(extra));
}

/**
 * The requests whose applicant's « Nom Prénom » or « Prénom Nom », or organisation's name, contain
 * the text, each side through its own indexes: an OR of two `in` made PostgreSQL walk the
 * procedure's whole queue instead (seconds at 2 M requests).
 */
function requestsWithNames(db: Db, filter: ListFilterInput, text: string) {
  const pattern = likePattern(text);
  return db
    .selectFrom("requests as byApplicant")
    // Index-only (requests_applicant_search holds the filing date and id) unless sorted by activity.
    .select(["byApplicant.id", sortedAt("byApplicant", filter)])
    .where("byApplicant.procedureId", "=", filter.procedureId)
    .where("byApplicant.status", "in", filter.statuses)
    .where(
      "byApplicant.applicantId",
      "in",
      db
        .selectFrom("accounts")
        .select("accounts.id")
        .where((eb) =>
          eb.or([
            eb(sql<string>`accounts.last_name || ' ' || accounts.first_name`, "ilike", pattern),
            eb(sql<string>`accounts.first_name || ' ' || accounts.last_name`, "ilike", pattern),
          ]),
        ),
    )
    .where((eb) => eb.and(extraConditions("byApplicant", filter)))
    .union(requestsOfOrganisationsNamed(db, filter, text));
}

/** The requests whose organisation's name contains the text, case aside (`organisations_name_trgm`, `requests_organisation_search`). */
function requestsOfOrganisationsNamed(db: Db, filter: ListFilterInput, text: string) {
  return db
    .selectFrom("requests as byOrganisation")
    .select(["byOrganisation.id", sortedAt("byOrganisation", filter)])
    .where("byOrganisation.procedureId", "=", filter.procedureId)
    .where("byOrganisation.status", "in", filter.statuses)
    .where("byOrganisation.organisationId", "in", db.selectFrom("organisations").select("organisations.id").where("organisations.name", "ilike", likePattern(text)))
    .where((eb) => eb.and(extraConditions("byOrganisation", filter)));
}

type ListFilterInput = Pick<RequestListFilter, "statuses" | "search"> &
  Partial<Omit<RequestListFilter, "statuses" | "search">> & {
    procedureId: string;
    /** The agent looking (for "Réponse reçue": what they have not opened since). */
    viewerId?: string | null;
  };

/**
 * One page of a procedure's requests matching a RequestListFilter, by filing date (oldest first by
 * default: the queue is processed in order) or last activity, with the applicant's, organisation's
 * and agent's names. A whole-number search looks across every status (numbers are unique); part of
 * a number, or a name, within the filters. `total` counts up to COUNT_CAP + 1 (`capped` beyond).
 */
export async function listProcedureRequests(db: Db, filter: ListFilterInput & { limit: number; offset: number; countCap?: number }) {
  const cap = filter.countCap ?? COUNT_CAP;
  const sort = filter.sort ?? DEFAULT_SORT;
  const sortColumn = sort.by === "activity" ? "lastActivityAt" : "filedAt";
  let query = db.selectFrom("requests").where("requests.procedureId", "=", filter.procedureId);
  let nameMatches: Awaited<ReturnType<typeof requestsMatchingName>> | undefined;
  let pageOffset = filter.offset;
  let nameTotal: number | undefined;
  if (filter.search.kind === "number") {
    query = query.where("requests.number", "=", filter.search.number).where("requests.status", "in", INSTRUCTION_STATUSES);
  } else {
    query = query.where("requests.status", "in", filter.statuses).where((eb) => eb.and(extraConditions("requests", filter)));
    if (filter.search.kind === "number-part") query = query.where("requests.number", "like", likePattern(filter.search.part));
    if (filter.search.kind === "name") {
      // A common name matches thousands of requests at 2 M: the page and the number of matches come
      // from one pass over the matches alone (id and dates), then only the page's rows are read.
      nameMatches = await requestsMatchingName(db, filter, filter.search.text, filter.search.numberPart);
      const page = await db
        .selectFrom(nameMatches.as("candidates"))
        .select(["candidates.id", sql<string>`count(*) over ()`.as("matches")])
        .orderBy("candidates.sortedAt", sort.direction)
        .orderBy("candidates.id", sort.direction)
        .limit(filter.limit)
        .offset(filter.offset)
        .execute();
      const ids = page.map((row) => row.id);
      query = db.selectFrom("requests").where(ids.length > 0 ? sql<boolean>`requests.id = any(${sql.val(ids)}::uuid[])` : sql<boolean>`false`);
      pageOffset = 0;
      // Past the last page there is no row to carry the count: it is then counted below.
      if (page[0]) nameTotal = Number(page[0].matches);
    }
  }
  const [rows, count] = await Promise.all([
    query
      .leftJoin("accounts as applicant", "applicant.id", "requests.applicantId")
      .leftJoin("organisations", "organisations.id", "requests.organisationId")
      .leftJoin("accounts as agent", "agent.id", "requests.assignedAgentId")
      .select([
        "requests.id",
        "requests.number",
        "requests.status",
        "requests.filedAt",
        "requests.takenAt",
        "requests.decidedAt",
        "requests.lastActivityAt",
        "requests.assignedAgentId",
        "applicant.civility as applicantCivility",
        "applicant.lastName as applicantLastName",
        "applicant.firstName as applicantFirstName",
        "organisations.name as organisationName",
        "agent.firstName as agentFirstName",
        "agent.lastName as agentLastName",
      ])
      .orderBy(`requests.${sortColumn}`, sort.direction)
      // Requests filed within the same instant still come back in a stable order.
      .orderBy("requests.id", sort.direction)
      .limit(filter.limit)
      // Without an offset, a name search's page (its rows by id, a limit) runs as a prepared
      // statement (platform/db/prepared-statements.ts): planned once per connection instead of
      // at every search (1.3 ms of PostgreSQL's processor time per page under bench:pages).
      .$if(pageOffset > 0, (page) => page.offset(pageOffset))
      .execute(),
    nameTotal !== undefined
      ? { total: String(nameTotal) }
      : nameMatches
      ? db
          .selectFrom(db.selectFrom(nameMatches.as("candidates")).select("candidates.id").limit(cap + 1).as("matching"))
          .select((eb) => eb.fn.countAll<string>().as("total"))
          .executeTakeFirstOrThrow()
      : db
          .selectFrom(query.select("requests.id").limit(cap + 1).as("matching"))
          .select((eb) => eb.fn.countAll<string>().as("total"))
          .executeTakeFirstOrThrow(),
  ]);
  const total = Number(count.total);
  return { requests: rows, total: Math.min(total, cap), capped: total > cap };
}
export type RequestRow = Awaited<ReturnType<typeof listProcedureRequests>>["requests"][number];

/** The case workers of a procedure (accounts still agents), by name: who a request may be assigned to. */
export async function listProcedureAgents(db: Db, procedureId: string) {
  return db
    .selectFrom("procedureAgents")
    .innerJoin("accounts", "accounts.id", "procedureAgents.accountId")
    .select(["accounts.id", "accounts.firstName", "accounts.lastName", "procedureAgents.groupName"])
    .where("procedureAgents.procedureId", "=", procedureId)
    .where("accounts.role", "=", "agent")
    .orderBy("accounts.lastName")
    .orderBy("accounts.firstName")
    .orderBy("accounts.id")
    .execute();
}
export type ProcedureAgent = Awaited<ReturnType<typeof listProcedureAgents>>[number];

/** Gives an in-instruction request to another agent (the caller locked it and writes its history). */
export async function setAssignedAgent(db: Db, input: { requestId: string; agentId: string; now: Date }) {
  await db.updateTable("requests").set({ assignedAgentId: input.agentId, updatedAt: input.now }).where("id", "=", input.requestId).execute();
}

/** A request of a procedure as its agents see it, with the definition it was filed under; never a draft. */
export async function findProcedureRequest(db: Db, procedureId: string, requestId: string) {
  const row = await db
    .selectFrom("requests")
    .innerJoin("procedureVersions", "procedureVersions.id", "requests.procedureVersionId")
    .leftJoin("accounts as applicant", "applicant.id", "requests.applicantId")
    .leftJoin("organisations", "organisations.id", "requests.organisationId")
    .leftJoin("accounts as agent", "agent.id", "requests.assignedAgentId")
    .select([
      "requests.id",
      "requests.number",
      "requests.status",
      "requests.createdAt",
      "requests.filedAt",
      "requests.takenAt",
      "requests.decidedAt",
      "requests.validUntil",
      "requests.renewedAt",
      "requests.applicantEmail",
      "requests.assignedAgentId",
      "procedureVersions.number as versionNumber",
      sql<string>`procedure_versions.definition::text`.as("definitionText"),
      sql<string>`requests.answers::text`.as("answersText"),
      "applicant.civility as applicantCivility",
      "applicant.lastName as applicantLastName",
      "applicant.firstName as applicantFirstName",
      "applicant.email as applicantAccountEmail",
      "organisations.name as organisationName",
      "organisations.siret as organisationSiret",
      "agent.firstName as agentFirstName",
      "agent.lastName as agentLastName",
    ])
    .where("requests.id", "=", requestId)
    .where("requests.procedureId", "=", procedureId)
    .where("requests.status", "<>", "draft")
    .executeTakeFirst();
  if (!row) return undefined;
  const { definitionText, answersText, ...rest } = row;
  return { ...rest, definition: JSON.parse(definitionText) as ProcedureDefinition, answers: JSON.parse(answersText) as Answers };
}
export type InstructionRequest = NonNullable<Awaited<ReturnType<typeof findProcedureRequest>>>;

/** The request's history, oldest first, with who acted. */
export async function listRequestEvents(db: Db, requestId: string) {
  return db
    .selectFrom("requestEvents")
    .leftJoin("accounts as actor", "actor.id", "requestEvents.actorId")
    .select([
      "requestEvents.id",
      "requestEvents.occurredAt",
      "requestEvents.event",
      "requestEvents.fromStatus",
      "requestEvents.toStatus",
      "requestEvents.reason",
      "requestEvents.visibleToApplicant",
      "actor.firstName as actorFirstName",
      "actor.lastName as actorLastName",
      "actor.role as actorRole",
    ])
    .where("requestEvents.requestId", "=", requestId)
    .orderBy("requestEvents.occurredAt")
    .orderBy("requestEvents.id")
    .execute();
}
export type RequestEventRow = Awaited<ReturnType<typeof listRequestEvents>>[number];

/** The modification or documents requests still waiting for the applicant. */
export async function listOpenAsks(db: Db, requestId: string) {
  return db.selectFrom("requestAsks").select(["id", "kind", "askedAt"]).where("requestId", "=", requestId).where("status", "=", "open").orderBy("askedAt").execute();
}

/** Where the applicant's mails go, with how to greet them; locked with the request by the caller's transaction. */
export async function findApplicantContact(db: Db, requestId: string) {
  return db
    .selectFrom("requests")
    .leftJoin("accounts", "accounts.id", "requests.applicantId")
    .select(["requests.number", "requests.applicantEmail", "accounts.email as accountEmail", "accounts.civility", "accounts.lastName", "accounts.firstName"])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
}

/** A request of the procedure, locked for an assignment in the caller's transaction; undefined for any other (or a draft). */
export async function lockProcedureRequestForAssignment(db: Db, procedureId: string, requestId: string) {
  return db
    .selectFrom("requests")
    .select(["id", "number", "status", "assignedAgentId"])
    .where("id", "=", requestId)
    .where("procedureId", "=", procedureId)
    .where("status", "<>", "draft")
    .forUpdate()
    .executeTakeFirst();
}
