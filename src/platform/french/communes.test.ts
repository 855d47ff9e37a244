import { describe, expect, it } from "vitest";
import {
  checkPostalCode,
  checkPostalCodeAndCommune,
  communesForPostalCode,
  findCommune,
  findDepartement,
  listDepartements,
  loadReferenceData,
  normaliseCommuneName,
} from "./communes.ts";

const messageOf = (check: { ok: boolean; message?: string }) => (check.ok ? undefined : check.message);

describe("the communes reference data", () => {
  it("is loaded once and kept", () => {
    expect(loadReferenceData()).toBe(loadReferenceData());
    expect(loadReferenceData().communes.size).toBeGreaterThan(34_000);
  });

  it("finds a commune by its INSEE code, including Corsica, overseas and former codes", () => {
    expect(findCommune("75056")).toMatchObject({ nom: "Paris", departement: "75", region: "11", type: "commune-actuelle" });
    expect(findCommune("75101")).toMatchObject({ nom: "Paris 1er Arrondissement", type: "arrondissement-municipal", parentCode: "75056" });
    expect(findCommune("2a004")).toMatchObject({ code: "2A004", nom: "Ajaccio", departement: "2A" });
    expect(findCommune("20004")?.code).toBe("2A004");
    expect(findCommune("97411")).toMatchObject({ nom: "Saint-Denis", departement: "974" });
    expect(findCommune("97611")?.nom).toBe("Mamoudzou");
    expect(findCommune("00000")).toBeUndefined();
  });

  it("finds départements by code, with or without the leading zero", () => {
    expect(findDepartement("01")?.nom).toBe("Ain");
    expect(findDepartement("1")?.nom).toBe("Ain");
    expect(findDepartement("2a")?.nom).toBe("Corse-du-Sud");
    expect(findDepartement("974")?.nom).toBe("La Réunion");
    expect(findDepartement("20")).toBeUndefined();
    expect(listDepartements().filter((departement) => departement.zone !== "com")).toHaveLength(101);
    expect(findDepartement("988")).toMatchObject({ nom: "Nouvelle-Calédonie", zone: "com" });
  });

  it("lists the communes a postal code serves", () => {
    expect(communesForPostalCode("20000").map((commune) => commune.code)).toEqual(expect.arrayContaining(["2A004"]));
    expect(communesForPostalCode("75001")).toEqual([{ postalCode: "75001", code: "75101", nom: "Paris 1er Arrondissement", libelleAcheminement: "PARIS" }]);
    expect(communesForPostalCode("00000")).toEqual([]);
  });
});

describe("a postal code", () => {
  it("has 5 digits and exists", () => {
    expect(checkPostalCode(" 75 001 ")).toEqual({ ok: true, value: "75001" });
    expect(messageOf(checkPostalCode("7500"))).toBe("Le code postal doit comporter 5 chiffres, par exemple 75001.");
    expect(messageOf(checkPostalCode("99999"))).toBe("Ce code postal n'existe pas : vérifiez-le.");
    expect(messageOf(checkPostalCode(""))).toBe("Saisissez le code postal.");
  });
});

describe("a commune checked against its postal code", () => {
  it("matches whatever the case, accents, hyphens or St / Ste", () => {
    for (const typed of ["Saint-Étienne", "saint etienne", "ST ETIENNE", "St-Etienne", "st. étienne", " Saint  Étienne "]) {
      expect(checkPostalCodeAndCommune("42000", typed), typed).toEqual({
        ok: true,
        value: { postalCode: "42000", code: "42218", nom: "Saint-Étienne", libelleAcheminement: "SAINT-ETIENNE" },
      });
    }
    expect(checkPostalCodeAndCommune("97400", "St Denis")).toMatchObject({ ok: true, value: { code: "97411" } });
    expect(checkPostalCodeAndCommune("01400", "l abergement clemenciat")).toMatchObject({ ok: true, value: { code: "01001" } });
  });

  it("matches by INSEE code, and Paris, Lyon or Marseille by their name or code with an arrondissement's postal code", () => {
    expect(checkPostalCodeAndCommune("20000", "2A004")).toMatchObject({ ok: true, value: { nom: "Ajaccio" } });
    expect(checkPostalCodeAndCommune("75001", "Paris")).toMatchObject({ ok: true, value: { code: "75101" } });
    expect(checkPostalCodeAndCommune("75001", "75056")).toMatchObject({ ok: true, value: { code: "75101" } });
    expect(checkPostalCodeAndCommune("13001", "marseille")).toMatchObject({ ok: true, value: { code: "13201" } });
    expect(checkPostalCodeAndCommune("69003", "LYON")).toMatchObject({ ok: true, value: { code: "69383" } });
  });

  it("is refused when the commune is not served by that postal code, naming the ones it serves", () => {
    expect(messageOf(checkPostalCodeAndCommune("42000", "Lyon"))).toBe("La commune ne correspond pas au code postal 42000. Communes de ce code postal : Saint-Étienne.");
    expect(checkPostalCodeAndCommune("42000", "69123").ok).toBe(false);
    expect(checkPostalCodeAndCommune("20000", "2B033").ok).toBe(false);
    expect(messageOf(checkPostalCodeAndCommune("4200", "Saint-Étienne"))).toMatch(/5 chiffres/);
    expect(messageOf(checkPostalCodeAndCommune("42000", ""))).toBe("Saisissez la commune.");
  });
});

describe("normaliseCommuneName", () => {
  it("drops accents, case and punctuation and spells out St / Ste", () => {
    expect(normaliseCommuneName("Sainte-Marie-aux-Mines")).toBe("sainte marie aux mines");
    expect(normaliseCommuneName("STE MARIE AUX MINES")).toBe("sainte marie aux mines");
    expect(normaliseCommuneName("L'Haÿ-les-Roses")).toBe("l hay les roses");
    expect(normaliseCommuneName("Œuilly")).toBe("oeuilly");
  });
});
