/**
 * Comparing a household's reference taxable income of year N-2 with the year's ceilings. The
 * three financings go from the most social (PLAI, "prêt locatif aidé d'intégration") through the
 * ordinary one (PLUS, "prêt locatif à usage social") to the intermediate one (PLS, "prêt locatif
 * social"): a household under the PLAI ceiling may rent any of the three, one above the PLS
 * ceiling may still file a request but is unlikely to be offered a dwelling.
 */
import type { HousingCeilingsTable, HousingFinancing } from "../../platform/db/schema.ts";

export type { HousingFinancing };

export const FINANCINGS: readonly HousingFinancing[] = ["PLAI", "PLUS", "PLS"];

/** Each financing in a few words, short enough for a table's row header on a small screen. */
export const FINANCING_SHORT_LABELS: Record<HousingFinancing, string> = {
  PLAI: "PLAI : très social",
  PLUS: "PLUS : social ordinaire",
  PLS: "PLS : intermédiaire",
};

export type CeilingRow = Omit<HousingCeilingsTable, "year">;

/** The ceiling in whole euros of a row for a household category and the persons beyond 6. */
export function ceilingFor(row: CeilingRow, category: number, additionalPersons: number): number {
  const byCategory = [row.category1, row.category2, row.category3, row.category4, row.category5, row.category6];
  const base = byCategory[Math.min(Math.max(category, 1), 6) - 1]!;
  return base + (category >= 6 ? additionalPersons * row.perAdditionalPerson : 0);
}

export interface Eligibility {
  /** Each financing's ceiling for the household, in whole euros. */
  ceilings: Record<HousingFinancing, number>;
  /** The most social financing whose ceiling the income does not exceed; "above" when none. */
  outcome: HousingFinancing | "above";
}

/**
 * The household's place among the zone's ceilings. The income is in cents, the ceilings in
 * euros: an income equal to a ceiling is within it ("ne pas dépasser").
 */
export function assessEligibility(rows: readonly CeilingRow[], household: { category: number; additionalPersons: number }, incomeCents: number): Eligibility {
  const ceilings = {} as Record<HousingFinancing, number>;
  for (const financing of FINANCINGS) {
    const row = rows.find((candidate) => candidate.financing === financing);
    if (!row) throw new Error(`No ${financing} ceiling for zone ${rows[0]?.zone ?? "?"}`);
    ceilings[financing] = ceilingFor(row, household.category, household.additionalPersons);
  }
  const outcome = FINANCINGS.find((financing) => incomeCents <= ceilings[financing] * 100) ?? "above";
  return { ceilings, outcome };
}
