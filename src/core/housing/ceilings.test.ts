import { describe, expect, it } from "vitest";
import { assessEligibility, ceilingFor, type CeilingRow } from "./ceilings.ts";

const row = (financing: CeilingRow["financing"], base: number): CeilingRow => ({
  financing,
  zone: "autres-regions",
  category1: base,
  category2: base + 1000,
  category3: base + 2000,
  category4: base + 3000,
  category5: base + 4000,
  category6: base + 5000,
  perAdditionalPerson: 700,
});
const rows = [row("PLAI", 10_000), row("PLUS", 20_000), row("PLS", 30_000)];

describe("comparing an income with the ceilings", () => {
  it("takes the category's column, and adds the amount per person beyond 6", () => {
    expect(ceilingFor(rows[0]!, 3, 0)).toBe(12_000);
    expect(ceilingFor(rows[0]!, 6, 2)).toBe(16_400);
  });

  it("gives the most social financing the income fits under, an income equal to a ceiling being within it", () => {
    const household = { category: 1, additionalPersons: 0 };
    expect(assessEligibility(rows, household, 10_000_00)).toEqual({ ceilings: { PLAI: 10_000, PLUS: 20_000, PLS: 30_000 }, outcome: "PLAI" });
    expect(assessEligibility(rows, household, 10_000_01).outcome).toBe("PLUS");
    expect(assessEligibility(rows, household, 29_999_99).outcome).toBe("PLS");
    expect(assessEligibility(rows, household, 30_000_01).outcome).toBe("above");
  });
});
