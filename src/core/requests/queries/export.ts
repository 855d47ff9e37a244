import { sql, type SqlBool } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { RequestExportFormat, RequestExportStatus } from "../../../platform/db/schema.ts";
import { INSTRUCTION_STATUSES, type RequestAskFilter, type RequestAssignment, type RequestListFilter } from "./agents.ts";

/**
 * What an export holds: the agents' list's whole selection (statuses, search, agent, exchanges
 * and order, as `parseRequestListQuery` reads them and `listProcedureRequests` takes them), the
 * agent exporting (« Assignées à moi », « Réponse reçue » are theirs) and, for « depuis mon dernier
 * export », the instant after which a request must have changed.
 */
export interface ExportFilter extends RequestListFilter {
  procedureId: string;
  viewerId: string;
  since: Date | null;
}

/**
 * Where the previous page ended, in the list's order: by the sorted date (filing or last activity)
 * then id. The requests without that date (abandoned drafts have no filing date) come last in
 * ascending order and first in descending order, as PostgreSQL sorts them in the list.
 */
export type ExportCursor = { part: "dated" | "undated"; at: string | null; id: string } | null;

/** `%` and `_` typed in a name are letters, not wildcards (as the list's search). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The agent and exchanges filters, written as the list's (core/requests/queries/agents.ts,
 * `extraConditions`): the query test compares both selections for every combination.
 */
function listConditions(assignment: RequestAssignment, asks: RequestAskFilter, viewerId: string) {
  const conditions = [];
  if (assignment.kind === "agent") conditions.push(sql<boolean>`requests.assigned_agent_id = ${assignment.agentId}`);
  if (assignment.kind === "nobody") conditions.push(sql<boolean>`requests.assigned_agent_id is null`);
  const openAsk = sql<boolean>`exists (select 1 from request_asks open_ask where open_ask.request_id = requests.id and open_ask.status = 'open')`;
  if (asks === "waiting") conditions.push(openAsk);
  if (asks === "answered") {
    conditions.push(sql<boolean>`not ${openAsk}`);
    conditions.push(sql<boolean>`exists (
      select 1 from request_asks answered where answered.request_id = requests.id and answered.status = 'answered'
        and answered.answered_at > coalesce(
          (select seen.seen_at from request_agent_views seen where seen.request_id = requests.id and seen.agent_id = ${viewerId}::uuid),
          '-infinity'::timestamptz))`);
  }
  return conditions;
}

/**
 * The filter's conditions on `requests`, the same as the agents' list: a whole number looks across
 * every status and ignores the other filters (numbers are unique); part of a number or a name
 * (applicant's or organisation's, or both with part of a number) within the filters.
 */
function matching(db: Db, filter: ExportFilter) {
  let query = db.selectFrom("requests").where("requests.procedureId", "=", filter.procedureId);
  if (filter.search.kind === "number") {
    query = query.where("requests.number", "=", filter.search.number).where("requests.status", "in", INSTRUCTION_STATUSES);
  } else {
    // Guard against an `in ()` that PostgreSQL refuses.
    query = query.where("requests.status", "in", filter.statuses.length > 0 ? filter.statuses : ["filed"]);
    if (filter.statuses.length === 0) query = query.where(sql<boolean>`false`);
    const conditions = listConditions(filter.assignment, filter.asks, filter.viewerId);
    if (conditions.length > 0) query = query.where((eb) => eb.and(conditions));
  }
  if (filter.search.kind === "number-part") query = query.where("requests.number", "like", likePattern(filter.search.part));
  if (filter.search.kind === "name") {
    const pattern = likePattern(filter.search.text);
    const numberPart = filter.search.numberPart;
    query = query.where((eb) =>
      eb.or([
        eb(
          "requests.applicantId",
          "in",
          db
            .selectFrom("accounts")
            .select("accounts.id")
            .where((inner) =>
              inner.or([
                inner(sql<string>`accounts.last_name || ' ' || accounts.first_name`, "ilike", pattern),
                inner(sql<string>`accounts.first_name || ' ' || accounts.last_name`, "ilike", pattern),
              ]),
            ),
        ),
        eb("requests.organisationId", "in", db.selectFrom("organisations").select("organisations.id").where("organisations.name", "ilike", pattern)),
        ...(numberPart !== undefined ? [eb("requests.number", "like", likePattern(numberPart))] : []),
      ]),
    );
  }
  if (filter.since) {
    const since = filter.since;
    // Changed since: a transition or an update touches the row; messages, asks and payments write an event.
    query = query.where((eb) =>
      eb.or([
        eb("requests.updatedAt", ">", since),
        eb.exists(eb.selectFrom("requestEvents").select(sql`1`.as("one")).whereRef("requestEvents.requestId", "=", "requests.id").where("requestEvents.occurredAt", ">", since)),
      ]),
    );
  }
  return query;
}

/** How many requests the export would hold, counted up to `cap + 1` (past it, the export runs as a job); no cap to count them all. */
export async function countExportRows(db: Db, filter: ExportFilter, cap?: number): Promise<number> {
  const ids = matching(db, filter).select("requests.id");
  const row = await db
    .selectFrom((cap === undefined ? ids : ids.limit(cap + 1)).as("matching"))
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * One page of the export, in the list's order: each request with its applicant, organisation,
 * documents' names and payments, after `cursor`. Keyset pages over the procedure's date indexes
 * (`requests_procedure_filed`, `requests_procedure_activity`: procedure, date, id): each page is
 * one short index range, whatever its position, so an export of a million rows holds one page in
 * memory at a time. Answers, documents and payments come as JSON text (the CamelCasePlugin would
 * rename the keys inside jsonb).
 */
export async function listExportRows(db: Db, filter: ExportFilter, cursor: ExportCursor, limit: number) {
  // Ascending: the dated requests, then the undated ones; descending: the other way round.
  const [first, second] = filter.sort.direction === "asc" ? (["dated", "undated"] as const) : (["undated", "dated"] as const);
  const position = cursor ?? { part: first, at: null, id: null };
  const rows = await exportPage(db, filter, position, limit);
  if (rows.length === limit || position.part === second) return rows;
  return [...rows, ...(await exportPage(db, filter, { part: second, at: null, id: null }, limit - rows.length))];
}

const epochMilliseconds = (column: ReturnType<typeof sql.ref>) => sql<number | null>`(extract(epoch from ${column}) * 1000)::float8`;

function exportPage(db: Db, filter: ExportFilter, position: { part: "dated" | "undated"; at: string | null; id: string | null }, limit: number) {
  const direction = filter.sort.direction;
  const column = sql.ref(filter.sort.by === "activity" ? "requests.lastActivityAt" : "requests.filedAt");
  const after = direction === "asc" ? sql.raw(">") : sql.raw("<");
  let query = matching(db, filter);
  if (position.part === "dated") {
    query = query.where(sql<SqlBool>`${column} is not null`);
    if (position.at !== null && position.id !== null) query = query.where(sql<SqlBool>`(${column}, requests.id) ${after} (${position.at}::timestamptz, ${position.id}::uuid)`);
  } else {
    query = query.where(sql<SqlBool>`${column} is null`);
    if (position.id !== null) query = query.where(sql<SqlBool>`requests.id ${after} ${position.id}::uuid`);
  }
  return query
    .leftJoin("accounts as applicant", "applicant.id", "requests.applicantId")
    .leftJoin("organisations", "organisations.id", "requests.organisationId")
    .leftJoin("requestGrants", "requestGrants.requestId", "requests.id")
    .select([
      "requests.id",
      // The sorted date to the microsecond, as text: a Date keeps milliseconds only, and a cursor
      // rounded down would bring the page's last row (and its instant's others) back on the next page.
      sql<string | null>`${column}::text`.as("sortKey"),
      "requests.number",
      "requests.status",
      // Instants as milliseconds since 1970: a number the driver reads with parseFloat, where a
      // timestamp's text took a parser of its own (2.5 % of a large export's time).
      epochMilliseconds(sql.ref("requests.filedAt")).as("filedAtMs"),
      epochMilliseconds(sql.ref("requests.decidedAt")).as("decidedAtMs"),
      // Kept by a trigger on request_events (migration 0020): the list's « Dernière activité ».
      epochMilliseconds(sql.ref("requests.lastActivityAt")).as("lastActivityAtMs"),
      sql<string>`requests.answers::text`.as("answersText"),
      "applicant.civility as applicantCivility",
      "applicant.lastName as applicantLastName",
      "applicant.firstName as applicantFirstName",
      sql<string | null>`coalesce(requests.applicant_email, applicant.email)`.as("applicantEmail"),
      "organisations.name as organisationName",
      "organisations.siret as organisationSiret",
      "requestGrants.amountCents as grantedCents",
      sql<string | null>`(select json_agg(u.original_name order by d.created_at, d.id)::text from request_documents d join uploads u on u.id = d.upload_id where d.request_id = requests.id)`.as(
        "documentsText",
      ),
      sql<string | null>`(select json_agg(json_build_object('label', p.label, 'amountCents', p.amount_cents, 'status', p.status, 'plannedOn', p.planned_on::text, 'paidOn', p.paid_on::text) order by p.position)::text from request_payments p where p.request_id = requests.id)`.as(
        "paymentsText",
      ),
    ])
    .orderBy(column, direction)
    .orderBy("requests.id", direction)
    .limit(limit)
    .execute();
}
export type ExportRow = Awaited<ReturnType<typeof listExportRows>>[number];

/** The next cursor after a page's last row, in the filter's order. */
export function cursorAfter(row: Pick<ExportRow, "sortKey" | "id">): ExportCursor {
  return { part: row.sortKey === null ? "undated" : "dated", at: row.sortKey, id: row.id };
}

/** Records an export (the small ones too: "since my last export" reads them). */
export async function insertRequestExport(
  db: Db,
  row: {
    procedureId: string;
    authorId: string;
    format: RequestExportFormat;
    statusFilter: string;
    search: string;
    agentFilter?: string;
    askFilter?: string;
    sortOrder?: string;
    since: Date | null;
    status: RequestExportStatus;
    rowsExpected: number;
    createdAt: Date;
  },
) {
  return db.insertInto("requestExports").values(row).returning(["id"]).executeTakeFirstOrThrow();
}

/** When the author last exported this procedure's requests, if ever. */
export async function findPreviousExportTime(db: Db, authorId: string, procedureId: string): Promise<Date | null> {
  const row = await db
    .selectFrom("requestExports")
    .select("createdAt")
    .where("authorId", "=", authorId)
    .where("procedureId", "=", procedureId)
    .where("status", "<>", "failed")
    .orderBy("createdAt", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.createdAt ?? null;
}

/** An export of this procedure by this author; undefined for anybody else's (a 404 for them). */
export async function findRequestExport(db: Db, exportId: string, authorId: string, procedureId: string) {
  return db.selectFrom("requestExports").selectAll().where("id", "=", exportId).where("authorId", "=", authorId).where("procedureId", "=", procedureId).executeTakeFirst();
}
export type RequestExport = NonNullable<Awaited<ReturnType<typeof findRequestExport>>>;

/** An export for its job, whoever its author. */
export async function findRequestExportForJob(db: Db, exportId: string) {
  return db
    .selectFrom("requestExports")
    .innerJoin("accounts as author", "author.id", "requestExports.authorId")
    .innerJoin("procedures", "procedures.id", "requestExports.procedureId")
    .selectAll("requestExports")
    .select(["author.email as authorEmail", "author.civility as authorCivility", "author.lastName as authorLastName", "author.firstName as authorFirstName", "procedures.slug as procedureSlug"])
    .where("requestExports.id", "=", exportId)
    .executeTakeFirst();
}

/**
 * The job takes a queued export (or one a dead process left running, or a failed attempt left):
 * its attempt's number, counted from 1; null when it is already done.
 */
export async function startRequestExport(db: Db, exportId: string): Promise<number | null> {
  const row = await db
    .updateTable("requestExports")
    .set((eb) => ({ status: "running", rowsWritten: 0, attempts: eb("attempts", "+", 1) }))
    .where("id", "=", exportId)
    .where("status", "in", ["queued", "running"])
    .returning("attempts")
    .executeTakeFirst();
  return row?.attempts ?? null;
}

/** How many requests the running export holds (counted by its job, without the form's cap). */
export async function setRequestExportExpected(db: Db, exportId: string, rowsExpected: number) {
  await db.updateTable("requestExports").set({ rowsExpected }).where("id", "=", exportId).where("status", "=", "running").execute();
}

export async function setRequestExportProgress(db: Db, exportId: string, rowsWritten: number) {
  await db.updateTable("requestExports").set({ rowsWritten }).where("id", "=", exportId).where("status", "=", "running").execute();
}

export async function markRequestExportReady(db: Db, input: { exportId: string; storageKey: string; size: number; rowsWritten: number; now: Date; expiresAt: Date }) {
  const result = await db
    .updateTable("requestExports")
    .set({ status: "ready", storageKey: input.storageKey, size: input.size, rowsWritten: input.rowsWritten, finishedAt: input.now, expiresAt: input.expiresAt })
    .where("id", "=", input.exportId)
    .where("status", "=", "running")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markRequestExportFailed(db: Db, exportId: string, now: Date) {
  await db.updateTable("requestExports").set({ status: "failed", finishedAt: now }).where("id", "=", exportId).where("status", "in", ["queued", "running"]).execute();
}

/**
 * Marks failed the exports still queued or running that were asked for before `before`: their job
 * is gone (a process killed during its last attempt leaves the queue nothing to retry). Returns how many.
 */
export async function failStaleRequestExports(db: Db, before: Date, now: Date): Promise<number> {
  const result = await db.updateTable("requestExports").set({ status: "failed", finishedAt: now }).where("status", "in", ["queued", "running"]).where("createdAt", "<", before).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Kept files whose time is over. */
export async function listExpiredRequestExports(db: Db, now: Date) {
  return db.selectFrom("requestExports").select(["id", "storageKey"]).where("status", "=", "ready").where("expiresAt", "<=", now).orderBy("expiresAt").limit(500).execute();
}

/** The file is gone: the row stays (its date still counts for "since my last export"). */
export async function markRequestExportExpired(db: Db, exportId: string) {
  await db.updateTable("requestExports").set({ status: "expired", storageKey: null }).where("id", "=", exportId).where("status", "=", "ready").execute();
}
