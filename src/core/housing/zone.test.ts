import { describe, expect, it } from "vitest";
import { findCommune } from "../../platform/french/communes.ts";
import { housingZone, PARIS_NEIGHBOURS, zoneReason } from "./zone.ts";

describe("the zone of the income ceilings", () => {
  it("is Paris for Paris and its arrondissements", () => {
    expect(housingZone("75056")).toBe("paris");
    expect(housingZone("75112")).toBe("paris");
    expect(zoneReason("75056", "Paris")).toBe("Paris est Paris.");
  });

  it("is Paris for the 29 bordering communes, each one today's commune of the official list under that name", () => {
    expect(PARIS_NEIGHBOURS.size).toBe(29);
    for (const [code, name] of PARIS_NEIGHBOURS) {
      expect(findCommune(code)?.nom, code).toBe(name);
      expect(findCommune(code)?.type, code).toBe("commune-actuelle");
      expect(housingZone(code)).toBe("paris");
    }
    expect(zoneReason("93066", "Saint-Denis")).toBe("Saint-Denis est une commune limitrophe de Paris.");
  });

  it("is the rest of Île-de-France for the other communes of 77, 78, 91, 92, 93, 94 and 95", () => {
    for (const code of ["77288", "78646", "91228", "92050", "93008", "94028", "95018"]) expect(housingZone(code), code).toBe("ile-de-france");
    // Saint-Denis de La Réunion shares a name, not a zone.
    expect(housingZone("97411")).toBe("autres-regions");
  });

  it("is the other regions everywhere else, Corsica and overseas included", () => {
    for (const code of ["69123", "13055", "2A004", "97411", "66074", "60057"]) expect(housingZone(code), code).toBe("autres-regions");
  });
});
