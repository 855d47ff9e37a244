import { describe, expect, it } from "vitest";
import { checkCommuneName } from "./commune-names.ts";

const codeOf = (input: string, options = {}) => {
  const check = checkCommuneName(input, options);
  return check.ok ? check.value.code : check.message;
};

describe("a commune named by a person", () => {
  it("is found by its name, whatever the accents, case and hyphens, or by its INSEE code", () => {
    expect(codeOf("Mont-Saint-Aignan")).toBe("76451");
    expect(codeOf("mont st aignan")).toBe("76451");
    expect(codeOf("Ajaccio")).toBe("2A004");
    expect(codeOf("2a004")).toBe("2A004");
    expect(codeOf("Paris")).toBe("75056");
  });

  it("asks for the département when several communes share the name, and finds it by département or postal code", () => {
    expect(codeOf("Saint-Denis")).toMatch(/^Plusieurs communes portent ce nom \(départements .*93.*974.*\) : précisez le département entre parenthèses, par exemple « Saint-Denis \(\d+\) »\.$/);
    expect(codeOf("Saint-Denis (93)")).toBe("93066");
    expect(codeOf("Saint-Denis 974")).toBe("97411");
    expect(codeOf("Saint-Denis (97400)")).toBe("97411");
    expect(codeOf("saint denis 93200")).toBe("93066");
    expect(codeOf("Saint-Pierre (974)")).toBe("97416");
  });

  it("explains what is unknown", () => {
    expect(codeOf("Trifouilly-les-Oies")).toBe("Cette commune est introuvable : vérifiez son nom ou choisissez-la dans la liste.");
    expect(codeOf("Saint-Denis (13)")).toBe("Aucune commune de ce nom dans le département 13 : vérifiez-le.");
    expect(codeOf("Saint-Denis 13001")).toBe("Aucune commune de ce nom n'a le code postal 13001 : vérifiez-le.");
    expect(codeOf("99999")).toMatch(/^Ce code de commune \(code INSEE\) n'existe pas/);
    expect(codeOf("")).toBe("Saisissez la commune.");
    expect(codeOf("x".repeat(101))).toMatch(/trop long/);
  });

  it("finds a commune merged since only when asked to, by its own name and code", () => {
    // Billy (14074) and Airan (14005, the code Valambray kept) joined Valambray in 2017.
    expect(codeOf("Billy (14)")).toBe("Aucune commune de ce nom dans le département 14 : vérifiez-le.");
    expect(codeOf("Billy (14)", { formerCommunes: true })).toBe("14074");
    expect(codeOf("Airan", { formerCommunes: true })).toBe("14005");
    expect(codeOf("14074")).toBe("14005");
    expect(codeOf("14074", { formerCommunes: true })).toBe("14074");
  });
});
