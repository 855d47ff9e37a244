/**
 * Demo figures for "Suis-je éligible ?" and "Offres par commune" (development only): a ceilings
 * table for the current year, close in size to the published ceilings but NOT the official ones,
 * and an invented housing stock for a few communes. Both are loaded with `demo: true`, so the
 * pages say "chiffres de démonstration". Loaded once: an operator's own tables are never replaced.
 */
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/database.ts";
import type { HousingFinancing, HousingZone } from "../platform/db/schema.ts";
import { findCommune } from "../platform/french/communes.ts";
import type { CeilingRow } from "../core/housing/ceilings.ts";
import { findLatestStockLoad, listCeilingTables, replaceCeilingTable, replaceStock, type StockRow } from "../core/housing/queries.ts";

/** Categories 1 to 6, then the amount per additional person, in whole euros. */
const DEMO_CEILINGS: Record<HousingFinancing, Record<HousingZone, number[]>> = {
  PLAI: {
    paris: [14_051, 22_906, 30_026, 32_864, 39_100, 43_995, 4_902],
    "ile-de-france": [14_051, 22_906, 27_534, 30_231, 35_787, 40_272, 4_486],
    "autres-regions": [12_212, 17_794, 21_398, 23_809, 27_857, 31_395, 3_502],
  },
  PLUS: {
    paris: [25_542, 38_175, 50_043, 59_748, 71_087, 79_992, 8_912],
    "ile-de-france": [25_542, 38_175, 45_891, 54_969, 65_073, 73_227, 8_159],
    "autres-regions": [22_206, 29_655, 35_662, 43_054, 50_647, 57_080, 6_367],
  },
  PLS: {
    paris: [33_205, 49_628, 65_056, 77_672, 92_413, 103_990, 11_586],
    "ile-de-france": [33_205, 49_628, 59_658, 71_460, 84_595, 95_195, 10_607],
    "autres-regions": [28_869, 38_552, 46_361, 55_970, 65_841, 74_204, 8_277],
  },
};

export function demoCeilingRows(): CeilingRow[] {
  return (Object.entries(DEMO_CEILINGS) as [HousingFinancing, Record<HousingZone, number[]>][]).flatMap(([financing, zones]) =>
    (Object.entries(zones) as [HousingZone, number[]][]).map(([zone, [c1, c2, c3, c4, c5, c6, extra]]) => ({
      financing,
      zone,
      category1: c1!,
      category2: c2!,
      category3: c3!,
      category4: c4!,
      category5: c5!,
      category6: c6!,
      perAdditionalPerson: extra!,
    })),
  );
}

/** Commune code, then T1 … T5 and more, requests pending, average wait in tenths of a month. */
const DEMO_STOCK: [string, number, number, number, number, number, number, number][] = [
  ["75056", 24_310, 52_870, 61_240, 33_150, 9_870, 138_400, 642],
  ["93048", 1_210, 2_480, 3_050, 1_720, 460, 9_800, 385],
  ["93066", 1_530, 3_120, 3_870, 2_240, 690, 11_200, 412],
  ["95127", 640, 1_310, 1_890, 1_020, 310, 3_400, 210],
  ["95500", 410, 920, 1_240, 680, 190, 2_150, 195],
  ["69123", 6_420, 13_380, 17_910, 9_640, 2_480, 31_700, 245],
  ["13055", 7_010, 15_240, 21_130, 11_720, 3_050, 42_900, 268],
  ["31555", 3_980, 8_610, 11_340, 5_790, 1_420, 24_600, 190],
  ["35238", 2_640, 5_470, 7_120, 3_460, 880, 13_900, 152],
  ["66136", 1_120, 2_310, 3_080, 1_540, 360, 5_200, 118],
  ["66149", 38, 84, 112, 57, 14, 96, 74],
];

export function demoStockRows(): StockRow[] {
  return DEMO_STOCK.map(([code, t1, t2, t3, t4, t5, pending, wait]) => ({
    communeCode: code,
    communeName: findCommune(code)?.nom ?? code,
    dwellingsT1: t1,
    dwellingsT2: t2,
    dwellingsT3: t3,
    dwellingsT4: t4,
    dwellingsT5: t5,
    pendingRequests: pending,
    averageWaitTenths: wait,
  }));
}

/** Loads the demo ceilings and stock when none was ever loaded. */
export async function seedDemoHousing(deps: { db: Db; clock: Clock }) {
  const now = deps.clock.now();
  const year = Number(new Intl.DateTimeFormat("fr-FR", { year: "numeric", timeZone: "Europe/Paris" }).format(now));
  const info = { demo: true, fileName: null, loadedBy: null, loadedAt: now };
  if ((await listCeilingTables(deps.db)).length === 0) {
    await deps.db.transaction().execute((trx) => replaceCeilingTable(trx, year, info, demoCeilingRows()));
  }
  if (!(await findLatestStockLoad(deps.db))) {
    await deps.db.transaction().execute((trx) => replaceStock(trx, info, demoStockRows()));
  }
}
