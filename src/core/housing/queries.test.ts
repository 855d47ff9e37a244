import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import { buildPerson } from "../../../test/query-fixtures.ts";
import type { Db } from "../../platform/db/database.ts";
import type { CeilingRow } from "./ceilings.ts";
import { findCeilingsInForce, findLatestStockLoad, findStockOfCommunes, listCeilingTables, replaceCeilingTable, replaceStock, type StockRow } from "./queries.ts";

const ceiling = (financing: CeilingRow["financing"], zone: CeilingRow["zone"], base: number): CeilingRow => ({
  financing,
  zone,
  category1: base,
  category2: base + 1,
  category3: base + 2,
  category4: base + 3,
  category5: base + 4,
  category6: base + 5,
  perAdditionalPerson: 100,
});

const stock = (communeCode: string, communeName: string, t1 = 10): StockRow => ({
  communeCode,
  communeName,
  dwellingsT1: t1,
  dwellingsT2: 20,
  dwellingsT3: 30,
  dwellingsT4: 15,
  dwellingsT5: 5,
  pendingRequests: 400,
  averageWaitTenths: 145,
});

describe("the social housing queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("replaceCeilingTable replaces a year's rows and findCeilingsInForce takes the latest year not after the one asked", async () => {
    const info = { demo: false, fileName: "plafonds.csv", loadedBy: null, loadedAt: new Date("2026-01-05T10:00:00Z") };
    await replaceCeilingTable(db, 2025, info, [ceiling("PLAI", "paris", 1000), ceiling("PLUS", "paris", 2000)]);
    await replaceCeilingTable(db, 2025, info, [ceiling("PLAI", "paris", 1500)]);
    await replaceCeilingTable(db, 2027, info, [ceiling("PLS", "paris", 3000)]);
    const in2026 = await findCeilingsInForce(db, 2026);
    expect(in2026?.table.year).toBe(2025);
    expect(in2026?.rows).toEqual([ceiling("PLAI", "paris", 1500)]);
    expect((await findCeilingsInForce(db, 2027))?.table.year).toBe(2027);
    expect(await findCeilingsInForce(db, 2024)).toBeUndefined();
  });

  it("listCeilingTables lists each year with its row count and who loaded it", async () => {
    const admin = await buildPerson(db);
    await replaceCeilingTable(db, 2030, { demo: true, fileName: null, loadedBy: admin.id, loadedAt: new Date("2026-02-01T10:00:00Z") }, [ceiling("PLAI", "paris", 1), ceiling("PLUS", "paris", 2)]);
    const tables = await listCeilingTables(db);
    expect(tables[0]).toMatchObject({ year: 2030, demo: true, rowCount: 2, loadedByIdentifier: admin.identifier });
  });

  it("replaceStock replaces the whole stock, findStockOfCommunes reads some communes and findLatestStockLoad the last load", async () => {
    await replaceStock(db, { demo: false, fileName: "a.csv", loadedBy: null, loadedAt: new Date("2026-01-01T10:00:00Z") }, [stock("93048", "Montreuil"), stock("75056", "Paris")]);
    await replaceStock(db, { demo: false, fileName: "b.csv", loadedBy: null, loadedAt: new Date("2026-01-02T10:00:00Z") }, [stock("93048", "Montreuil", 12), stock("95127", "Cergy")]);
    expect(await findStockOfCommunes(db, ["75056", "93048", "95127"])).toEqual([stock("95127", "Cergy"), stock("93048", "Montreuil", 12)]);
    expect(await findStockOfCommunes(db, [])).toEqual([]);
    expect(await findLatestStockLoad(db)).toMatchObject({ fileName: "b.csv", rowCount: 2, loadedByIdentifier: null });
  });
});
