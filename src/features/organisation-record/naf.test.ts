import { describe, expect, it } from "vitest";
import { checkNafCode, nafLabel, nafSubClassCount } from "./naf.ts";

describe("a NAF code", () => {
  it("is read however people copy it and stored in the INSEE's spelling, with its label", () => {
    for (const typed of ["7112A", "71.12A", "71.12 a", "71 12 A", "71-12a", " 71.12A "]) {
      expect(checkNafCode(typed), typed).toEqual({ ok: true, value: { code: "71.12A", label: "Activité des géomètres" } });
    }
  });

  it("must be one of the 732 sub-classes of NAF rev. 2", () => {
    expect(nafSubClassCount()).toBe(732);
    expect(checkNafCode("84.11Z")).toEqual({ ok: true, value: { code: "84.11Z", label: "Administration publique générale" } });
    expect(checkNafCode("71.12Z")).toEqual({
      ok: false,
      message: "Le code NAF 71.12Z n'existe pas dans la nomenclature NAF rév. 2 : vérifiez-le sur l'avis de situation INSEE de la structure.",
    });
  });

  it("is refused with the expected format when it is not 4 digits and a letter", () => {
    const message = "Le code NAF (APE) comporte 4 chiffres et une lettre, par exemple 71.12A.";
    for (const wrong of ["71.12", "7112", "71.1A", "A7112", "71.12AB", "soixante"]) {
      expect(checkNafCode(wrong), wrong).toEqual({ ok: false, message });
    }
    expect(checkNafCode("")).toEqual({ ok: false, message: "Saisissez le code NAF (APE) de la structure." });
  });

  it("gives the label of a stored code, and nothing for a code the nomenclature does not hold", () => {
    expect(nafLabel("71.12A")).toBe("Activité des géomètres");
    expect(nafLabel("99.99Z")).toBeUndefined();
  });
});
