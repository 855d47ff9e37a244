import { describe, expect, it } from "vitest";
import { searchCommune } from "./commune-search.ts";

describe("finding the commune a visitor types", () => {
  it("finds a commune by its name, accents, case, hyphens and « St » ignored", () => {
    for (const typed of ["Villefranche-de-Lauragais", "villefranche de lauragais", "VILLEFRANCHE DE LAURAGAIS"]) {
      expect(searchCommune(typed)).toMatchObject({ kind: "found", commune: { code: "31582", name: "Villefranche-de-Lauragais", departement: "31" } });
    }
    expect(searchCommune("vénissieux")).toMatchObject({ kind: "found", commune: { code: "69259" } });
    expect(searchCommune("st gaudens")).toMatchObject({ kind: "found", commune: { code: "31483" } });
  });

  it("finds a commune by its postal code, and Paris, Lyon and Marseille as the whole city", () => {
    expect(searchCommune("31 000")).toMatchObject({ kind: "found", commune: { code: "31555", name: "Toulouse" } });
    expect(searchCommune("69003")).toMatchObject({ kind: "found", commune: { code: "69123", name: "Lyon" } });
  });

  it("lists the communes of a postal code that serves several, to choose from", () => {
    const search = searchCommune("31290");
    expect(search.kind).toBe("choose");
    if (search.kind !== "choose") return;
    expect(search.question).toContain("Le code postal 31290 dessert plusieurs communes");
    expect(search.choices.map((commune) => commune.name)).toContain("Villefranche-de-Lauragais");
    expect(search.choices.length).toBeGreaterThan(5);
  });

  it("lists the communes sharing a name, and accepts the département in brackets", () => {
    const search = searchCommune("Saint-Denis");
    expect(search.kind).toBe("choose");
    if (search.kind === "choose") expect(search.choices.map((commune) => commune.departement)).toEqual(expect.arrayContaining(["93", "974"]));
    expect(searchCommune("Saint-Denis (93)")).toMatchObject({ kind: "found", commune: { code: "93066" } });
  });

  it("takes a commune chosen from a list by its INSEE code", () => {
    expect(searchCommune("31290", "31582")).toMatchObject({ kind: "found", commune: { name: "Villefranche-de-Lauragais" } });
    expect(searchCommune(undefined, "99999").kind).toBe("invalid");
    expect(searchCommune(undefined, "' or 1=1").kind).toBe("invalid");
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
  ])("treats %j as no search yet", (typed, kind) => {
    expect(searchCommune(typed).kind).toBe(kind);
  });

  it.each([
    ["3100", "5 chiffres"],
    ["99999", "Aucune commune n'a le code postal 99999"],
    ["Zzyzx", "Aucune commune de ce nom"],
    ['"Toulouse" OR 1=1 --', "Aucune commune de ce nom"],
    ["x".repeat(1000), "trop longue"],
  ])("explains why %j finds nothing", (typed, message) => {
    const search = searchCommune(typed);
    expect(search.kind).toBe("invalid");
    expect(search.kind === "invalid" && search.message).toContain(message);
  });
});
