import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/database.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { TestProcedure } from "../../../../test/instruction.ts";
import { buildPerson, buildRequestRow, buildUpload, publishedProcedure, type QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import { insertRequestDocument } from "./requests.ts";
import { DEFAULT_SORT, listProcedureRequests, type RequestAskFilter, type RequestAssignment, type RequestSearch, type RequestSort } from "./agents.ts";
import { insertGrant, insertPayment } from "./payments.ts";
import {
  countExportRows,
  cursorAfter,
  failStaleRequestExports,
  findPreviousExportTime,
  findRequestExport,
  findRequestExportForJob,
  insertRequestExport,
  listExpiredRequestExports,
  listExportRows,
  markRequestExportExpired,
  markRequestExportFailed,
  markRequestExportReady,
  setRequestExportExpected,
  setRequestExportProgress,
  startRequestExport,
  type ExportFilter,
} from "./export.ts";

describe("the exports' queries", () => {
  const clock = fixedClock();
  let database: QueryTestDatabase;
  let db: Db;
  let procedure: TestProcedure;
  const all = ["filed", "in_instruction", "accepted", "refused", "closed", "abandoned"] as const;
  const filter = (fields: Partial<ExportFilter> = {}): ExportFilter => ({
    procedureId: procedure.id,
    viewerId: "00000000-0000-0000-0000-000000000000",
    statuses: all,
    search: { kind: "none" },
    assignment: { kind: "anyone" },
    asks: "any",
    sort: DEFAULT_SORT,
    since: null,
    ...fields,
  });
  const at = (day: number) => new Date(Date.UTC(2026, 2, day, 10));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    procedure = await publishedProcedure({ db, clock }, "essai-exports");
  });
  afterAll(() => database.drop());

  it("lists every request of the filter in keyset pages by filing date, the unfiled last (listExportRows, cursorAfter, countExportRows)", async () => {
    const local = await publishedProcedure({ db, clock }, "essai-exports-pages");
    const rows: { id: string }[] = [];
    for (const day of [5, 3, 4, 1, 2]) rows.push(await buildRequestRow(db, { procedure: local, filedAt: at(day) }));
    const unfiled = await buildRequestRow(db, { procedure: local, status: "draft" });
    await db.updateTable("requests").set({ status: "abandoned" }).where("id", "=", unfiled.id).execute();
    const localFilter = { ...filter(), procedureId: local.id };
    const seen: string[] = [];
    let cursor = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const page = await listExportRows(db, localFilter, cursor, 2);
      seen.push(...page.map((row) => row.id));
      const last = page.at(-1);
      if (!last || page.length < 2) break;
      cursor = cursorAfter(last);
    }
    const byDay = [1, 2, 3, 4, 5].map((day) => rows[[5, 3, 4, 1, 2].indexOf(day)]?.id);
    expect(seen).toEqual([...byDay, unfiled.id]);
    expect(await countExportRows(db, localFilter, 100)).toBe(6);
    expect(await countExportRows(db, localFilter, 3)).toBe(4);
    expect(await countExportRows(db, { ...localFilter, statuses: ["accepted"] }, 100)).toBe(0);
  });

  it("selects exactly the agents' list's requests, in its order, for every agent, exchange and sort filter (listExportRows, cursorAfter, countExportRows)", async () => {
    const local = await publishedProcedure({ db, clock }, "essai-exports-liste");
    const viewer = await buildPerson(db, { role: "agent" });
    const colleague = await buildPerson(db, { role: "agent" });
    const martin = await buildPerson(db, { lastName: "Martin", firstName: "Léa" });
    const requests: { id: string; number: string | null }[] = [];
    // Filing days out of order, two requests filed at the same instant, assignments and activities mixed.
    const plan = [
      { day: 4, agent: viewer.id, activity: 20 },
      { day: 2, agent: colleague.id, activity: 25 },
      { day: 6, agent: null, activity: 21 },
      { day: 2, agent: viewer.id, activity: 22 },
      { day: 9, agent: null, activity: 23, applicant: martin },
      { day: 1, agent: viewer.id, activity: 24, applicant: martin },
    ];
    for (const step of plan) {
      const row = await buildRequestRow(db, { procedure: local, filedAt: at(step.day), status: "in_instruction", ...(step.applicant ? { applicant: step.applicant } : {}) });
      await db.updateTable("requests").set({ assignedAgentId: step.agent, lastActivityAt: at(step.activity) }).where("id", "=", row.id).execute();
      requests.push(row);
    }
    // An abandoned draft: no filing date (last in ascending order, first in descending order).
    const unfiled = await buildRequestRow(db, { procedure: local, status: "draft" });
    await db.updateTable("requests").set({ status: "abandoned", assignedAgentId: null, lastActivityAt: null }).where("id", "=", unfiled.id).execute();
    requests.push(unfiled);
    const ask = (requestId: string, status: "open" | "answered", answeredAt: Date | null) =>
      db.insertInto("requestAsks").values({ requestId, kind: "modification", message: "Précisez", status, askedBy: viewer.id, askedAt: at(10), answeredAt }).execute();
    await ask(requests[0]?.id ?? "", "open", null);
    await ask(requests[1]?.id ?? "", "answered", at(12));
    await ask(requests[3]?.id ?? "", "answered", at(12));
    // The viewer opened the fourth request after its answer: no longer « Réponse reçue » for them.
    await db.insertInto("requestAgentViews").values({ requestId: requests[3]?.id ?? "", agentId: viewer.id, seenAt: at(13) }).execute();

    const assignments: RequestAssignment[] = [{ kind: "anyone" }, { kind: "agent", agentId: viewer.id }, { kind: "agent", agentId: colleague.id }, { kind: "nobody" }];
    const asks: RequestAskFilter[] = ["any", "waiting", "answered"];
    const sorts: RequestSort[] = [DEFAULT_SORT, { by: "filed", direction: "desc" }, { by: "activity", direction: "asc" }, { by: "activity", direction: "desc" }];
    const searches: RequestSearch[] = [{ kind: "none" }, { kind: "name", text: "martin" }, { kind: "number-part", part: (requests[2]?.number ?? "").slice(-6) }];
    const nonEmpty = new Set<number>();
    for (const assignment of assignments)
      for (const askFilter of asks)
        for (const sort of sorts)
          for (const search of searches) {
            const selection = { statuses: all, search, assignment, asks: askFilter, sort };
            const listed = await listProcedureRequests(db, { procedureId: local.id, viewerId: viewer.id, ...selection, limit: 100, offset: 0 });
            const exportFilter = filter({ ...selection, procedureId: local.id, viewerId: viewer.id });
            // Pages of two: every page boundary (same instant, dated → undated) is crossed.
            const exported: string[] = [];
            let cursor = null;
            for (let guard = 0; guard < 20; guard += 1) {
              const page = await listExportRows(db, exportFilter, cursor, 2);
              exported.push(...page.map((row) => row.id));
              const last = page.at(-1);
              if (!last || page.length < 2) break;
              cursor = cursorAfter(last);
            }
            const label = JSON.stringify(selection);
            expect(exported, label).toEqual(listed.requests.map((row) => row.id));
            expect(await countExportRows(db, exportFilter), label).toBe(listed.total);
            nonEmpty.add(exported.length);
          }
    // The combinations select different sets, not all or nothing.
    expect(nonEmpty.size).toBeGreaterThan(3);
    const mine = await listExportRows(db, filter({ procedureId: local.id, viewerId: viewer.id, assignment: { kind: "agent", agentId: viewer.id } }), null, 100);
    expect(mine.map((row) => row.id).sort()).toEqual([requests[0]?.id, requests[3]?.id, requests[5]?.id].sort());
    const answered = await listExportRows(db, filter({ procedureId: local.id, viewerId: viewer.id, asks: "answered" }), null, 100);
    expect(answered.map((row) => row.id)).toEqual([requests[1]?.id]);
  });

  it("pages requests filed within the same millisecond (microseconds apart) without repeating or losing one (listExportRows, cursorAfter)", async () => {
    const local = await publishedProcedure({ db, clock }, "essai-exports-microsecondes");
    const ids: string[] = [];
    for (const micro of ["123456", "123789", "123001", "124000"]) {
      const row = await buildRequestRow(db, { procedure: local, filedAt: at(1) });
      await sql`update requests set filed_at = ${`2026-03-01 10:00:00.${micro}+00`}::timestamptz, last_activity_at = ${`2026-03-02 10:00:00.${micro}+00`}::timestamptz where id = ${row.id}`.execute(db);
      ids.push(row.id);
    }
    const expected = [ids[2], ids[0], ids[1], ids[3]];
    for (const sort of [DEFAULT_SORT, { by: "activity", direction: "desc" } as const]) {
      const seen: string[] = [];
      let cursor = null;
      for (let guard = 0; guard < 10; guard += 1) {
        const page = await listExportRows(db, filter({ procedureId: local.id, sort }), cursor, 1);
        seen.push(...page.map((row) => row.id));
        const last = page.at(-1);
        if (!last) break;
        cursor = cursorAfter(last);
      }
      expect(seen).toEqual(sort.direction === "asc" ? expected : [...expected].reverse());
    }
  });

  it("carries the applicant, organisation, documents' names, grant and payments of each request", async () => {
    const agent = await buildPerson(db, { role: "agent" });
    const applicant = await buildPerson(db, { lastName: "Lefèvre", firstName: "Zoé" });
    const request = await buildRequestRow(db, { procedure, status: "accepted", applicant, answers: { nom: "=1+1" }, filedAt: at(8) });
    const upload = await buildUpload(db, { originalName: "statuts signés.pdf" });
    await insertRequestDocument(db, { requestId: request.id, documentId: "statuts", uploadId: upload.id, uploadedBy: applicant.id, now: at(8) });
    await insertGrant(db, { requestId: request.id, amountCents: 500_000, recordedBy: agent.id, now: at(9) });
    await insertPayment(db, { requestId: request.id, position: 1, label: "Avance", amountCents: 200_000, plannedOn: "2026-04-01", conditions: "", documentsRequired: false, now: at(9) });
    const rows = await listExportRows(db, filter({ search: { kind: "number", number: request.number } }), null, 10);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: request.id, status: "accepted", applicantLastName: "Lefèvre", grantedCents: 500_000 });
    expect(JSON.parse(rows[0]?.answersText ?? "{}")).toEqual({ nom: "=1+1" });
    expect(JSON.parse(rows[0]?.documentsText ?? "[]")).toEqual(["statuts signés.pdf"]);
    expect(JSON.parse(rows[0]?.paymentsText ?? "[]")).toEqual([{ label: "Avance", amountCents: 200_000, status: "planned", plannedOn: "2026-04-01", paidOn: null }]);
    const byName = await listExportRows(db, filter({ search: { kind: "name", text: "dupont" } }), null, 10);
    expect(byName.map((row) => row.id)).toEqual([]);
    expect((await listExportRows(db, filter({ search: { kind: "name", text: "lefèvre zo" } }), null, 10)).map((row) => row.id)).toEqual([request.id]);
    expect((await listExportRows(db, filter({ search: { kind: "name", text: "zoé lef" } }), null, 10)).map((row) => row.id)).toEqual([request.id]);
  });

  it("keeps only the requests changed after `since`: updated, or with a later event", async () => {
    const local = await publishedProcedure({ db, clock }, "essai-exports-since");
    const old = await buildRequestRow(db, { procedure: local, filedAt: at(1) });
    const updated = await buildRequestRow(db, { procedure: local, filedAt: at(1) });
    const withEvent = await buildRequestRow(db, { procedure: local, filedAt: at(1) });
    await db.updateTable("requests").set({ updatedAt: at(20) }).where("id", "=", updated.id).execute();
    await db.insertInto("requestEvents").values({ requestId: withEvent.id, occurredAt: at(21), actorId: null, event: "request.taken", fromStatus: "filed", toStatus: "in_instruction" }).execute();
    const rows = await listExportRows(db, { ...filter({ since: at(10) }), procedureId: local.id }, null, 10);
    expect(rows.map((row) => row.id).sort()).toEqual([updated.id, withEvent.id].sort());
    expect(rows.map((row) => row.id)).not.toContain(old.id);
    expect(rows.find((row) => row.id === withEvent.id)?.lastActivityAtMs).toBe(at(21).getTime());
  });

  it("records exports and finds the author's previous one, ignoring failed ones (insertRequestExport, findPreviousExportTime, markRequestExportFailed)", async () => {
    const author = await buildPerson(db, { role: "agent" });
    expect(await findPreviousExportTime(db, author.id, procedure.id)).toBeNull();
    const base = { procedureId: procedure.id, authorId: author.id, format: "csv" as const, statusFilter: "toutes", search: "", since: null, rowsExpected: 3 };
    await insertRequestExport(db, { ...base, status: "delivered", createdAt: at(1) });
    const failed = await insertRequestExport(db, { ...base, status: "queued", createdAt: at(2) });
    await markRequestExportFailed(db, failed.id, at(2));
    expect(await findPreviousExportTime(db, author.id, procedure.id)).toEqual(at(1));
  });

  it("marks failed the exports left queued or running past an instant, and only those (failStaleRequestExports)", async () => {
    const author = await buildPerson(db, { role: "agent" });
    const base = { procedureId: procedure.id, authorId: author.id, format: "csv" as const, statusFilter: "toutes", search: "", since: null, rowsExpected: 3 };
    const stuck = await insertRequestExport(db, { ...base, status: "running", createdAt: at(1) });
    const queued = await insertRequestExport(db, { ...base, status: "queued", createdAt: at(1) });
    const recent = await insertRequestExport(db, { ...base, status: "running", createdAt: at(5) });
    const delivered = await insertRequestExport(db, { ...base, status: "delivered", createdAt: at(1) });
    expect(await failStaleRequestExports(db, at(3), at(6))).toBe(2);
    const statuses = await db.selectFrom("requestExports").select(["id", "status"]).where("id", "in", [stuck.id, queued.id, recent.id, delivered.id]).execute();
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({ [stuck.id]: "failed", [queued.id]: "failed", [recent.id]: "running", [delivered.id]: "delivered" });
  });

  it("runs a job's export to ready, then expired, and shows it to its author only (startRequestExport, setRequestExportProgress, markRequestExportReady, findRequestExport, findRequestExportForJob, listExpiredRequestExports, markRequestExportExpired)", async () => {
    const author = await buildPerson(db, { role: "agent" });
    const other = await buildPerson(db, { role: "agent" });
    const { id } = await insertRequestExport(db, {
      procedureId: procedure.id,
      authorId: author.id,
      format: "xlsx",
      statusFilter: "toutes",
      search: "",
      since: null,
      status: "queued",
      rowsExpected: 10,
      createdAt: at(1),
    });
    expect(await startRequestExport(db, id)).toBe(1);
    await setRequestExportExpected(db, id, 12);
    await setRequestExportProgress(db, id, 4);
    expect(await findRequestExport(db, id, author.id, procedure.id)).toMatchObject({ status: "running", rowsWritten: 4, rowsExpected: 12, attempts: 1 });
    expect(await findRequestExport(db, id, other.id, procedure.id)).toBeUndefined();
    expect(await findRequestExportForJob(db, id)).toMatchObject({ authorEmail: author.email, procedureSlug: "essai-exports" });
    const key = "a".repeat(32);
    expect(await markRequestExportReady(db, { exportId: id, storageKey: key, size: 1234, rowsWritten: 10, now: at(1), expiresAt: at(8) })).toBe(true);
    expect(await startRequestExport(db, id)).toBeNull();
    expect(await listExpiredRequestExports(db, at(7))).toEqual([]);
    expect(await listExpiredRequestExports(db, at(8))).toEqual([{ id, storageKey: key }]);
    await markRequestExportExpired(db, id);
    expect(await findRequestExport(db, id, author.id, procedure.id)).toMatchObject({ status: "expired", storageKey: null, size: 1234 });
    expect(await listExpiredRequestExports(db, at(9))).toEqual([]);
  });
});
