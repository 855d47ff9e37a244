import { describe, expect, it } from "vitest";
import { findCommune } from "../../platform/french/communes.ts";
import { checkNir } from "../../platform/french/nir.ts";
import { TEST_IDENTITIES, pivotClaims } from "./identities.ts";

describe("the stand-in's test identities", () => {
  it("each has a valid NIR matching its sex, birth year and month, and place of birth", () => {
    for (const identity of TEST_IDENTITIES) {
      expect(checkNir(identity.nir).ok, identity.sub).toBe(true);
      const [year, month] = identity.birthdate.split("-") as [string, string];
      expect(identity.nir.slice(0, 5)).toBe(`${identity.gender === "female" ? 2 : 1}${year.slice(2)}${month}`);
      // Born in France: département + commune; abroad: 99 + the country's code.
      const place = identity.birthcountry === "99100" ? identity.birthplace : `99${identity.birthcountry.slice(2)}`;
      expect(identity.nir.slice(5, 10)).toBe(place);
      if (identity.birthcountry === "99100") expect(findCommune(identity.birthplace), identity.sub).toBeDefined();
      else expect(identity.birthplace).toBe("");
    }
  });

  it("covers a birth abroad, in Corsica and overseas", () => {
    expect(TEST_IDENTITIES.some((identity) => identity.birthcountry !== "99100")).toBe(true);
    expect(TEST_IDENTITIES.some((identity) => identity.birthplace.startsWith("2A"))).toBe(true);
    expect(TEST_IDENTITIES.some((identity) => identity.birthplace.startsWith("97"))).toBe(true);
  });

  it("sends FranceConnect's pivot claims only, never the NIR", () => {
    const claims = pivotClaims(TEST_IDENTITIES[0]!);
    expect(Object.keys(claims).sort()).toEqual(["birthcountry", "birthdate", "birthplace", "email", "family_name", "gender", "given_name", "preferred_username", "sub"]);
  });
});
