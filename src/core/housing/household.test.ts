import { describe, expect, it } from "vitest";
import { checkHousehold, householdCategory, type Household } from "./household.ts";

const alone: Household = { persons: 1, couple: false, youngCouple: false, dependants: 0, disability: false };

describe("the household category of the income ceilings", () => {
  it("counts the persons: 1 alone is category 1, 4 persons category 4", () => {
    expect(householdCategory(alone)).toEqual({ category: 1, additionalPersons: 0, reason: "Le foyer compte 1 personne." });
    expect(householdCategory({ ...alone, persons: 4, couple: true, dependants: 2 }).category).toBe(4);
  });

  it("puts a person alone with a disability in category 2, and two persons with one in category 3", () => {
    const single = householdCategory({ ...alone, disability: true });
    expect(single.category).toBe(2);
    expect(single.reason).toContain("en situation de handicap");
    expect(householdCategory({ ...alone, persons: 2, couple: true, disability: true }).category).toBe(3);
  });

  it("puts a single parent with one child in category 3 and with four children in category 6", () => {
    expect(householdCategory({ ...alone, persons: 2, dependants: 1 })).toMatchObject({ category: 3, reason: expect.stringContaining("personne seule avec une personne à charge") });
    expect(householdCategory({ ...alone, persons: 5, dependants: 4 }).category).toBe(6);
  });

  it("puts a young couple without dependants in category 3, an older one in category 2, two flatmates in category 2", () => {
    expect(householdCategory({ ...alone, persons: 2, couple: true, youngCouple: true }).category).toBe(3);
    expect(householdCategory({ ...alone, persons: 2, couple: true, youngCouple: false }).category).toBe(2);
    expect(householdCategory({ ...alone, persons: 2 }).category).toBe(2);
    // A young couple with a child is simply three persons.
    expect(householdCategory({ ...alone, persons: 3, couple: true, youngCouple: true, dependants: 1 }).reason).toBe("Le foyer compte 3 personnes.");
  });

  it("counts persons beyond category 6 as additional persons, a disability adding one", () => {
    expect(householdCategory({ ...alone, persons: 8, couple: true, dependants: 6 })).toMatchObject({ category: 6, additionalPersons: 2 });
    expect(householdCategory({ ...alone, persons: 6, couple: true, dependants: 4, disability: true })).toMatchObject({ category: 6, additionalPersons: 1 });
  });

  it("refuses a couple of one person and more dependants than the household can hold", () => {
    expect(checkHousehold({ ...alone, couple: true })).toHaveProperty("persons");
    expect(checkHousehold({ ...alone, persons: 3, couple: true, dependants: 2 }).dependants).toContain("pas y avoir plus de 1 personne(s) à charge");
    expect(checkHousehold({ ...alone, persons: 3, dependants: 2 })).toEqual({});
  });
});
