import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.ts";
import { fixedClock } from "../platform/clock.ts";
import { findCommune } from "../platform/french/communes.ts";
import type { Db } from "../platform/db/database.ts";
import { FINANCINGS } from "../core/housing/ceilings.ts";
import { findCeilingsInForce, findLatestStockLoad, listCeilingTables } from "../core/housing/queries.ts";
import { demoCeilingRows, demoStockRows, seedDemoHousing } from "./seed-demo-housing.ts";

describe("the demo social housing figures", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("hold a complete, ordered ceilings table: PLAI under PLUS under PLS, rising with the category", () => {
    const rows = demoCeilingRows();
    expect(rows).toHaveLength(9);
    for (const zone of ["paris", "ile-de-france", "autres-regions"] as const) {
      const [plai, plus, pls] = FINANCINGS.map((financing) => rows.find((row) => row.zone === zone && row.financing === financing)!);
      for (const key of ["category1", "category3", "category6", "perAdditionalPerson"] as const) {
        expect(plai![key]).toBeLessThan(plus![key]);
        expect(plus![key]).toBeLessThan(pls![key]);
      }
      expect(plus!.category1).toBeLessThan(plus!.category2);
      expect(plus!.category5).toBeLessThan(plus!.category6);
    }
  });

  it("name real communes of the official list", () => {
    for (const row of demoStockRows()) expect(findCommune(row.communeCode)?.nom, row.communeCode).toBe(row.communeName);
  });

  it("are loaded once for the current year, marked as demo figures, and never replace the operator's", async () => {
    const clock = fixedClock(new Date("2026-12-05T10:00:00Z"));
    await seedDemoHousing({ db, clock });
    await seedDemoHousing({ db, clock });
    expect(await listCeilingTables(db)).toEqual([expect.objectContaining({ year: 2026, demo: true, rowCount: 9 })]);
    expect((await findCeilingsInForce(db, 2026))?.table.demo).toBe(true);
    expect(await findLatestStockLoad(db)).toMatchObject({ demo: true, rowCount: demoStockRows().length });
  });
});
