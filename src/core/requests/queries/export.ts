import { sql, type SqlBool } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { RequestExportFormat, RequestExportStatus, RequestStatus } from "../../../platform/db/schema.ts";
import { INSTRUCTION_STATUSES, type RequestSearch } from "./agents.ts";

/**
 * What an export holds: the agent list's filter (the statuses of its status filter and its
 * search, as `listProcedureRequests` takes them) and, for "depuis mon dernier export", the
 * instant after which a request must have changed.
 */
export interface ExportFilter {
  procedureId: string;
  statuses: readonly RequestStatus[];
  search: RequestSearch;
  since: Date | null;
}

/** Where the previous page ended: requests come by filing date then id, the unfiled ones (abandoned drafts) last. */
export type ExportCursor = { filedAt: Date | null; id: string } | null;

/** `%` and `_` typed in a name are letters, not wildcards (as the list's search). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The filter's conditions on `requests`, the same as the agents' list: a number looks across every status. */
function matching(db: Db, filter: ExportFilter) {
  let query = db.selectFrom("requests").where("requests.procedureId", "=", filter.procedureId);
  if (filter.search.kind === "number") {
    query = query.where("requests.number", "=", filter.search.number).where("requests.status", "in", INSTRUCTION_STATUSES);
  } else {
    // Guard against an `in ()` that PostgreSQL refuses.
    query = query.where("requests.status", "in", filter.statuses.length > 0 ? filter.statuses : ["filed"]);
    if (filter.statuses.length === 0) query = query.where(sql<boolean>`false`);
  }
  if (filter.search.kind === "name") {
    const pattern = likePattern(filter.search.text);
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

/** How many requests the export would hold, counted up to `cap + 1` (past it, the export runs as a job). */
export async function countExportRows(db: Db, filter: ExportFilter, cap: number): Promise<number> {
  const row = await db
    .selectFrom(matching(db, filter).select("requests.id").limit(cap + 1).as("matching"))
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * One page of the export: each request with its applicant, organisation, documents' names and
 * payments, after `cursor`. Keyset pages over `requests_procedure_filed` (procedure, filing date,
 * id): each page is one short index range, whatever its position, so an export of a million
 * rows holds one page in memory at a time. Answers, documents and payments come as JSON text
 * (the CamelCasePlugin would rename the keys inside jsonb).
 */
export async function listExportRows(db: Db, filter: ExportFilter, cursor: ExportCursor, limit: number) {
  if (cursor !== null && cursor.filedAt === null) return exportPage(db, filter, cursor, limit);
  const rows = await exportPage(db, filter, cursor, limit);
  if (rows.length === limit) return rows;
  // The filed requests are done: the unfiled ones (abandoned drafts) follow, by id.
  return [...rows, ...(await exportPage(db, filter, { filedAt: null, id: "00000000-0000-0000-0000-000000000000" }, limit - rows.length))];
}

function exportPage(db: Db, filter: ExportFilter, cursor: ExportCursor, limit: number) {
  let query = matching(db, filter);
  if (cursor === null) query = query.where("requests.filedAt", "is not", null);
  else if (cursor.filedAt !== null) query = query.where(sql<SqlBool>`(requests.filed_at, requests.id) > (${cursor.filedAt}, ${cursor.id}::uuid)`);
  else query = query.where("requests.filedAt", "is", null).where("requests.id", ">", cursor.id);
  return query
    .leftJoin("accounts as applicant", "applicant.id", "requests.applicantId")
    .leftJoin("organisations", "organisations.id", "requests.organisationId")
    .leftJoin("requestGrants", "requestGrants.requestId", "requests.id")
    .select([
      "requests.id",
      "requests.number",
      "requests.status",
      "requests.filedAt",
      "requests.decidedAt",
      sql<Date>`greatest(requests.updated_at, (select max(e.occurred_at) from request_events e where e.request_id = requests.id))`.as("lastActivityAt"),
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
    .orderBy("requests.filedAt", "asc")
    .orderBy("requests.id", "asc")
    .limit(limit)
    .execute();
}
export type ExportRow = Awaited<ReturnType<typeof listExportRows>>[number];

/** The next cursor after a page. */
export function cursorAfter(row: Pick<ExportRow, "filedAt" | "id">): ExportCursor {
  return { filedAt: row.filedAt, id: row.id };
}

/** Records an export (the small ones too: "since my last export" reads them). */
export async function insertRequestExport(
  db: Db,
  row: { procedureId: string; authorId: string; format: RequestExportFormat; statusFilter: string; search: string; since: Date | null; status: RequestExportStatus; rowsExpected: number; createdAt: Date },
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

/** The job takes a queued export (or one a dead process left running): false when it is already done. */
export async function startRequestExport(db: Db, exportId: string): Promise<boolean> {
  const result = await db.updateTable("requestExports").set({ status: "running", rowsWritten: 0 }).where("id", "=", exportId).where("status", "in", ["queued", "running"]).executeTakeFirst();
  return result.numUpdatedRows > 0n;
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

/** Kept files whose time is over. */
export async function listExpiredRequestExports(db: Db, now: Date) {
  return db.selectFrom("requestExports").select(["id", "storageKey"]).where("status", "=", "ready").where("expiresAt", "<=", now).orderBy("expiresAt").limit(500).execute();
}

/** The file is gone: the row stays (its date still counts for "since my last export"). */
export async function markRequestExportExpired(db: Db, exportId: string) {
  await db.updateTable("requestExports").set({ status: "expired", storageKey: null }).where("id", "=", exportId).where("status", "=", "ready").execute();
}
