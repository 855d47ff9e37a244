import { describe, expect, it } from "vitest";
import { searchCommunes, searchOneCommune } from "./commune-search.ts";

const codes = (input: string) => {
  const found = searchCommunes(input);
  return found.ok ? found.value.communes.map((commune) => commune.code) : found.message;
};

describe("finding the commune a visitor means", () => {
  it("finds a commune by name, by name and département, and by INSEE code, arrondissements giving their city", () => {
    expect(codes("Montreuil (93)")).toEqual(["93048"]);
    expect(codes("st denis 93")).toEqual(["93066"]);
    expect(codes("75112")).toEqual(["75056"]);
    expect(codes("Lyon")).toEqual(["69123"]);
  });

  it("lists every commune a postal code serves, and Paris once for a Paris postal code", () => {
    expect(codes("75012")).toEqual(["75056"]);
    expect(codes("75 012")).toEqual(["75056"]);
    const cergy = searchCommunes("95000");
    expect(cergy.ok && cergy.value.communes.length).toBeGreaterThan(1);
    expect(cergy.ok && cergy.value.postalCode).toBe("95000");
  });

  it("says in French what is wrong: empty, unknown postal code, too few digits, unknown or ambiguous name", () => {
    expect(codes("")).toBe("Saisissez le nom ou le code postal de la commune.");
    expect(codes("00000")).toBe("Aucune commune n'a le code postal 00000 : vérifiez-le.");
    expect(codes("9300")).toBe("Un code postal comporte 5 chiffres, par exemple 93200.");
    expect(codes("Xyzzyville")).toContain("introuvable");
    expect(codes("Saint-Denis")).toContain("Plusieurs communes portent ce nom");
  });

  it("asks to choose when one commune is needed and a postal code serves several", () => {
    const cergy = searchOneCommune("95000");
    expect(cergy.ok).toBe(false);
    expect(!cergy.ok && cergy.message).toMatch(/^Le code postal 95000 dessert plusieurs communes \(.*Cergy.*\) : précisez la commune, par exemple « .+ 95000 »\.$/);
    const chosen = searchOneCommune("Cergy 95000");
    expect(chosen.ok && chosen.value.code).toBe("95127");
  });
});
