import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { RequestFlow } from "../../../platform/db/schema.ts";

/*
 * Statistics of requests, read from the summary tables of migration 0022 (kept exact by triggers
 * on requests): a few thousand rows at most, whatever the number of requests. `procedureId` null
 * means the whole platform. Days are 'YYYY-MM-DD' in Europe/Paris.
 */

export type PeriodUnit = "week" | "month";

/** Per period (its first day) and flow, how many requests were started, filed, decided… since `from`. */
export async function listFlowCounts(db: Db, filter: { procedureId: string | null; unit: PeriodUnit; from: string }) {
  const unit = filter.unit === "week" ? "week" : "month";
  let query = db
    .selectFrom("requestFlowCounts")
    .select([sql<string>`date_trunc(${unit}, day)::date::text`.as("period"), "flow", sql<string>`sum(count)`.as("count")])
    .where("day", ">=", filter.from)
    .groupBy(["period", "flow"])
    .having(sql`sum(count)`, "<>", 0)
    .orderBy("period");
  if (filter.procedureId) query = query.where("procedureId", "=", filter.procedureId);
  const rows = await query.execute();
  return rows.map((row) => ({ period: row.period, flow: row.flow as RequestFlow, count: Number(row.count) }));
}

/** How many decisions (accepted, refused, closed) took each number of whole days from filing, decided since `fromMonth`. */
export async function listProcessingDays(db: Db, filter: { procedureId: string | null; fromMonth: string }) {
  let query = db
    .selectFrom("requestProcessingDays")
    .select(["days", sql<string>`sum(count)`.as("count")])
    .where("month", ">=", filter.fromMonth)
    .groupBy("days")
    .having(sql`sum(count)`, ">", 0)
    .orderBy("days");
  if (filter.procedureId) query = query.where("procedureId", "=", filter.procedureId);
  const rows = await query.execute();
  return rows.map((row) => ({ days: row.days, count: Number(row.count) }));
}

export type BacklogAge = "0-7" | "8-30" | "31-90" | "90+";

/**
 * The requests still to process (filed or in instruction) by age since filing on `today`, per
 * procedure and assigned agent, with the agent's group in that procedure and name.
 */
export async function listBacklog(db: Db, filter: { procedureId: string | null; today: string }) {
  const age = sql<number>`(${filter.today}::date - filed_day)`;
  // Counted by age first (a few rows per agent), then named: joining each day's row cost 10 times more.
  const rows = await db
    .with("b", (db) => {
      let counts = db
        .selectFrom("requestBacklogCounts")
        .select([
          "procedureId",
          "assignedAgentId",
          sql<BacklogAge>`case when ${age} <= 7 then '0-7' when ${age} <= 30 then '8-30' when ${age} <= 90 then '31-90' else '90+' end`.as("age"),
          sql<string>`sum(count)`.as("count"),
        ])
        .groupBy(["procedureId", "assignedAgentId", "age"])
        .having(sql`sum(count)`, ">", 0);
      if (filter.procedureId) counts = counts.where("procedureId", "=", filter.procedureId);
      return counts;
    })
    .selectFrom("b")
    .leftJoin("procedureAgents as pa", (join) => join.onRef("pa.procedureId", "=", "b.procedureId").onRef("pa.accountId", "=", "b.assignedAgentId"))
    .leftJoin("accounts as a", "a.id", "b.assignedAgentId")
    .select(["b.procedureId", "b.assignedAgentId", "pa.groupName", "a.firstName", "a.lastName", "b.age", "b.count"])
    .execute();
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}
