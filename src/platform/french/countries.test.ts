import { describe, expect, it } from "vitest";
import { FRANCE_COUNTRY_CODE, findCountry, listCountriesAbroad } from "./countries.ts";

describe("INSEE birth countries", () => {
  it("finds the countries by their COG code", () => {
    expect(findCountry(FRANCE_COUNTRY_CODE)?.name).toBe("France");
    expect(findCountry("99109")?.name).toBe("Allemagne");
    expect(findCountry("99132")?.name).toBe("Royaume-Uni");
    expect(findCountry("99350")?.name).toBe("Maroc");
    expect(findCountry("99351")?.name).toBe("Tunisie");
    expect(findCountry("99352")?.name).toBe("Algérie");
    expect(findCountry("99404")?.name).toBe("États-Unis");
  });

  it("keeps the countries that no longer exist, with the year they ended", () => {
    expect(findCountry("99141")).toEqual({ code: "99141", name: "Allemagne de l’Est", endedIn: 1990 });
  });

  it("knows nothing else", () => {
    expect(findCountry("99999")).toBeUndefined();
    expect(findCountry("75056")).toBeUndefined();
    expect(findCountry("")).toBeUndefined();
  });

  it("lists the countries abroad in French alphabetical order, without France", () => {
    const list = listCountriesAbroad();
    expect(list.length).toBeGreaterThan(240);
    expect(list.some((country) => country.code === FRANCE_COUNTRY_CODE)).toBe(false);
    expect(list.every((country) => /^99\d{3}$/.test(country.code))).toBe(true);
    expect(list[0]?.name).toBe("Afghanistan");
    const names = list.map((country) => country.name);
    // "Égypte" sorts with the E, not after Z.
    expect(names.indexOf("Égypte")).toBeLessThan(names.indexOf("Espagne"));
  });
});
