import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { TestProcedure } from "../../../../test/instruction.ts";
import { buildPerson, buildRequestRow, publishedProcedure, type QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { upsertProcedureAgent } from "./agents.ts";
import { listBacklog, listFlowCounts, listProcessingDays } from "./statistics.ts";

describe("the statistics' queries (summary tables kept by triggers)", () => {
  const clock = fixedClock();
  let database: QueryTestDatabase;
  let db: Db;
  let stats: TestProcedure;
  let other: TestProcedure;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    stats = await publishedProcedure({ db, clock }, "essai-statistiques");
    other = await publishedProcedure({ db, clock }, "essai-statistiques-autre");
  });
  afterAll(() => database.drop());

  async function decide(id: string, status: "accepted" | "refused", decidedAt: Date) {
    await db.updateTable("requests").set({ status, decidedAt, updatedAt: decidedAt }).where("id", "=", id).execute();
  }

  it("counts the requests started, filed and decided per month and per week, and moves them when their status changes (listFlowCounts)", async () => {
    const filed = await buildRequestRow(db, { procedure: stats, filedAt: new Date("2026-03-03T10:00:00Z") });
    await buildRequestRow(db, { procedure: stats, status: "draft", filedAt: new Date("2026-03-04T10:00:00Z") });
    await buildRequestRow(db, { procedure: other, filedAt: new Date("2026-03-05T10:00:00Z") });
    await decide(filed.id, "accepted", new Date("2026-04-10T08:00:00Z"));

    const monthly = await listFlowCounts(db, { procedureId: stats.id, unit: "month", from: "2026-01-01" });
    expect(monthly).toEqual(
      expect.arrayContaining([
        { period: "2026-03-01", flow: "started", count: 2 },
        { period: "2026-03-01", flow: "filed", count: 1 },
        { period: "2026-04-01", flow: "accepted", count: 1 },
      ]),
    );
    expect(monthly).toHaveLength(3);
    // The whole platform counts the other procedure's request too; weeks start on Mondays.
    const weekly = await listFlowCounts(db, { procedureId: null, unit: "week", from: "2026-03-01" });
    expect(weekly.filter((row) => row.flow === "started")).toEqual([{ period: "2026-03-02", flow: "started", count: 3 }]);
    // A request refused instead of accepted (a correction) moves from one count to the other.
    await decide(filed.id, "refused", new Date("2026-04-10T08:00:00Z"));
    const after = await listFlowCounts(db, { procedureId: stats.id, unit: "month", from: "2026-04-01" });
    expect(after).toEqual([{ period: "2026-04-01", flow: "refused", count: 1 }]);
    // Deleted, it counts no more.
    await db.deleteFrom("requests").where("id", "=", filed.id).execute();
    expect(await listFlowCounts(db, { procedureId: stats.id, unit: "month", from: "2026-04-01" })).toEqual([]);
  });

  it("leaves the counts alone when a draft's answers are saved, and moves an abandoned request to the day it last changed (its updated_at)", async () => {
    const procedure = await publishedProcedure({ db, clock }, "essai-statistiques-abandons");
    const draft = await buildRequestRow(db, { procedure, status: "draft" });
    const monthly = () => listFlowCounts(db, { procedureId: procedure.id, unit: "month", from: "2026-01-01" });
    const before = await monthly();
    const where = (id: string) => db.updateTable("requests").where("id", "=", id);
    await where(draft.id).set({ answers: JSON.stringify({ nom: "Martin" }), currentStep: "identite", updatedAt: new Date("2026-06-20T10:00:00Z") }).execute();
    expect(await monthly()).toEqual(before);
    await where(draft.id).set({ status: "abandoned", updatedAt: new Date("2026-06-21T10:00:00Z") }).execute();
    expect((await monthly()).filter((row) => row.flow === "abandoned")).toEqual([{ period: "2026-06-01", flow: "abandoned", count: 1 }]);
    // The status stays, the day it counts on moves: the trigger must not take it for a draft's save.
    await where(draft.id).set({ updatedAt: new Date("2026-07-02T10:00:00Z") }).execute();
    expect((await monthly()).filter((row) => row.flow === "abandoned")).toEqual([{ period: "2026-07-01", flow: "abandoned", count: 1 }]);
  });

  it("gives the histogram of whole days from filing to decision (listProcessingDays)", async () => {
    const procedure = await publishedProcedure({ db, clock }, "essai-statistiques-delais");
    for (const [filedAt, decidedAt] of [
      ["2026-05-01T10:00:00Z", "2026-05-03T09:00:00Z"],
      ["2026-05-01T10:00:00Z", "2026-05-03T11:00:00Z"],
      ["2026-05-02T10:00:00Z", "2026-06-15T10:00:00Z"],
    ] as const) {
      const request = await buildRequestRow(db, { procedure, filedAt: new Date(filedAt) });
      await decide(request.id, "accepted", new Date(decidedAt));
    }
    expect(await listProcessingDays(db, { procedureId: procedure.id, fromMonth: "2026-01-01" })).toEqual([
      { days: 1, count: 1 },
      { days: 2, count: 1 },
      { days: 44, count: 1 },
    ]);
    expect(await listProcessingDays(db, { procedureId: procedure.id, fromMonth: "2026-06-01" })).toEqual([{ days: 44, count: 1 }]);
  });

  it("gives the requests still to process by age and assigned agent, with the agent's group (listBacklog)", async () => {
    const procedure = await publishedProcedure({ db, clock }, "essai-statistiques-stock");
    const agent = await buildPerson(db, { role: "agent", firstName: "Lucie", lastName: "Bernard" });
    await upsertProcedureAgent(db, { procedureId: procedure.id, accountId: agent.id, groupName: "Nord", createdAt: new Date("2026-01-01T00:00:00Z") });
    const recent = await buildRequestRow(db, { procedure, filedAt: new Date("2026-06-28T10:00:00Z") });
    await buildRequestRow(db, { procedure, filedAt: new Date("2026-06-10T10:00:00Z") });
    await buildRequestRow(db, { procedure, filedAt: new Date("2026-01-10T10:00:00Z") });
    const decided = await buildRequestRow(db, { procedure, filedAt: new Date("2026-06-29T10:00:00Z") });
    await decide(decided.id, "accepted", new Date("2026-06-30T10:00:00Z"));
    await db.updateTable("requests").set({ status: "in_instruction", assignedAgentId: agent.id }).where("id", "=", recent.id).execute();

    const rows = await listBacklog(db, { procedureId: procedure.id, today: "2026-07-01" });
    const summary = rows.map((row) => [row.assignedAgentId, row.groupName, row.lastName, row.age, row.count]).sort();
    expect(summary).toEqual(
      [
        [agent.id, "Nord", "Bernard", "0-7", 1],
        [null, null, null, "8-30", 1],
        [null, null, null, "90+", 1],
      ].sort(),
    );
    // The summary table holds what a count over requests gives.
    const { rows: counted } = await sql<{ count: string }>`select count(*) from requests where procedure_id = ${procedure.id} and status in ('filed', 'in_instruction')`.execute(db);
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(Number(counted[0]?.count));
  });
});
