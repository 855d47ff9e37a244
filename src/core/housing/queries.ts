import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";
import type { HousingStockTable } from "../../platform/db/schema.ts";
import type { CeilingRow } from "./ceilings.ts";

export interface LoadInfo {
  demo: boolean;
  fileName: string | null;
  loadedBy: string | null;
  loadedAt: Date;
}

/** Replaces the ceilings of one year (all its rows, whatever it held) by these. */
export async function replaceCeilingTable(db: Db, year: number, info: LoadInfo, rows: readonly CeilingRow[]): Promise<void> {
  await db.deleteFrom("housingCeilingTables").where("year", "=", year).execute();
  await db.insertInto("housingCeilingTables").values({ year, ...info }).execute();
  if (rows.length > 0) await db.insertInto("housingCeilings").values(rows.map((row) => ({ ...row, year }))).execute();
}

/** The ceilings in force in a year: the table of that year, or of the latest year before it. */
export async function findCeilingsInForce(db: Db, year: number) {
  const table = await db.selectFrom("housingCeilingTables").selectAll().where("year", "<=", year).orderBy("year", "desc").limit(1).executeTakeFirst();
  if (!table) return undefined;
  const rows = await db
    .selectFrom("housingCeilings")
    .select(["financing", "zone", "category1", "category2", "category3", "category4", "category5", "category6", "perAdditionalPerson"])
    .where("year", "=", table.year)
    .execute();
  return { table, rows };
}

/** Every year loaded, newest first, with its row count and who loaded it. */
export async function listCeilingTables(db: Db) {
  return db
    .selectFrom("housingCeilingTables as t")
    .leftJoin("accounts as a", "a.id", "t.loadedBy")
    .select(["t.year", "t.demo", "t.fileName", "t.loadedAt", "a.identifier as loadedByIdentifier"])
    .select((eb) => eb.selectFrom("housingCeilings as c").whereRef("c.year", "=", "t.year").select(sql<number>`count(*)::int`.as("n")).as("rowCount"))
    .orderBy("t.year", "desc")
    .execute();
}

export type StockRow = HousingStockTable;

/** Replaces the whole housing stock by these rows, and records the load. */
export async function replaceStock(db: Db, info: LoadInfo, rows: readonly StockRow[]): Promise<void> {
  await db.deleteFrom("housingStock").execute();
  // Chunks keep each statement under PostgreSQL's 65,535 parameters (9 per row).
  for (let start = 0; start < rows.length; start += 5000) {
    await db.insertInto("housingStock").values(rows.slice(start, start + 5000)).execute();
  }
  await db.insertInto("housingStockLoads").values({ ...info, rowCount: rows.length }).execute();
}

/** The stock of these communes (by INSEE code), in the order of their names. */
export async function findStockOfCommunes(db: Db, communeCodes: readonly string[]): Promise<StockRow[]> {
  // Guard against an empty `in ()`, which is not SQL.
  if (communeCodes.length === 0) return [];
  return db.selectFrom("housingStock").selectAll().where("communeCode", "in", communeCodes).orderBy("communeName").execute();
}

/** The last stock load, with who made it. */
export async function findLatestStockLoad(db: Db) {
  return db
    .selectFrom("housingStockLoads as l")
    .leftJoin("accounts as a", "a.id", "l.loadedBy")
    .select(["l.demo", "l.fileName", "l.rowCount", "l.loadedAt", "a.identifier as loadedByIdentifier"])
    .orderBy("l.loadedAt", "desc")
    .limit(1)
    .executeTakeFirst();
}
