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

export type RequestSearch = { kind: "none" } | { kind: "number"; number: string } | { kind: "name"; text: string };

/** `%` and `_` typed in a name are letters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The id and filing date of the procedure's requests in these statuses whose applicant's names
 * ("Nom Prénom" or "Prénom Nom") or organisation's name contain the text. Each side goes through
 * its own indexes (migration 0009): trigrams on the names (the very expressions of
 * `accounts_names_trgm`), then `requests_applicant_search` / `requests_organisation_search`, which
 * hold procedure, status, filing date and id, so no request row is read. An OR of two `in`
 * conditions made PostgreSQL walk the procedure's whole queue instead (seconds at 2 M requests).
 */
function requestsMatchingName(db: Db, procedureId: string, statuses: readonly RequestStatus[], text: string) {
  const pattern = likePattern(text);
  return db
    .selectFrom("requests as byApplicant")
    .select(["byApplicant.id", "byApplicant.filedAt"])
    .where("byApplicant.procedureId", "=", procedureId)
    .where("byApplicant.status", "in", statuses)
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
    .union(
      db
        .selectFrom("requests as byOrganisation")
        .select(["byOrganisation.id", "byOrganisation.filedAt"])
        .where("byOrganisation.procedureId", "=", procedureId)
        .where("byOrganisation.status", "in", statuses)
        .where("byOrganisation.organisationId", "in", db.selectFrom("organisations").select("organisations.id").where("organisations.name", "ilike", pattern)),
    );
}


/**
 * One page of a procedure's requests in the given statuses, by filing date (oldest first: the
 * queue is processed in order), with the applicant's and organisation's names. A number search
 * looks across every status (numbers are unique); a name search matches the applicant's names
 * or the organisation's. `total` counts up to COUNT_CAP + 1 (`capped` when there are more).
 */
export async function listProcedureRequests(
  db: Db,
  filter: { procedureId: string; statuses: readonly RequestStatus[]; search: RequestSearch; limit: number; offset: number; countCap?: number },
) {
  const cap = filter.countCap ?? COUNT_CAP;
  let query = db.selectFrom("requests").where("requests.procedureId", "=", filter.procedureId);
  let nameMatches: ReturnType<typeof requestsMatchingName> | undefined;
  let pageOffset = filter.offset;
  let nameTotal: number | undefined;
  if (filter.search.kind === "number") {
    query = query.where("requests.number", "=", filter.search.number).where("requests.status", "in", INSTRUCTION_STATUSES);
  } else {
    query = query.where("requests.status", "in", filter.statuses);
    if (filter.search.kind === "name") {
      // A common name matches thousands of requests at 2 M: the page and the number of matches come
      // from one pass over the matches alone (index-only: id and filing date), then only the
      // page's rows are read.
      nameMatches = requestsMatchingName(db, filter.procedureId, filter.statuses, filter.search.text);
      const page = await db
        .selectFrom(nameMatches.as("candidates"))
        .select(["candidates.id", sql<string>`count(*) over ()`.as("matches")])
        .orderBy("candidates.filedAt")
        .orderBy("candidates.id")
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
        "applicant.civility as applicantCivility",
        "applicant.lastName as applicantLastName",
        "applicant.firstName as applicantFirstName",
        "organisations.name as organisationName",
        "agent.firstName as agentFirstName",
        "agent.lastName as agentLastName",
      ])
      .orderBy("requests.filedAt", "asc")
      // Requests filed within the same instant still come back in a stable order.
      .orderBy("requests.id", "asc")
      .limit(filter.limit)
      .offset(pageOffset)
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
