import { describe, expect, it } from "vitest";
import { isLegalFormCode, LEGAL_FORM_COUNT, legalFormFamilies, legalFormLabel } from "./legal-forms.ts";

describe("the legal forms (INSEE catégories juridiques, level III)", () => {
  it("hold the categories portals meet: communes, EPCI, associations, HLM, companies", () => {
    const expected: Record<string, string> = {
      "7210": "Commune et commune nouvelle",
      "7220": "Département",
      "7230": "Région",
      "7346": "Communauté de communes",
      "7348": "Communauté d'agglomération",
      "7343": "Communauté urbaine",
      "7344": "Métropole",
      "7353": "Syndicat intercommunal à vocation unique (SIVU)",
      "7354": "Syndicat mixte fermé",
      "7361": "Centre communal d'action sociale",
      "7371": "Office public d'habitation à loyer modéré (OPHLM)",
      "9210": "Association non déclarée",
      "9220": "Association déclarée",
      "9221": "Association déclarée d'insertion par l'économique",
      "9222": "Association intermédiaire",
      "9230": "Association déclarée, reconnue d'utilité publique",
      "9240": "Congrégation",
      "9260": "Association de droit local (Bas-Rhin, Haut-Rhin et Moselle)",
      "9300": "Fondation",
      "5546": "SA de HLM à conseil d'administration",
      "5547": "SA coopérative de production de HLM à conseil d'administration",
      "5499": "Société à responsabilité limitée (sans autre indication)",
      "5710": "SAS, société par actions simplifiée",
      "5599": "SA à conseil d'administration (s.a.i.)",
      "5515": "SA d'économie mixte à conseil d'administration",
      "1000": "Entrepreneur individuel",
    };
    for (const [code, label] of Object.entries(expected)) expect(legalFormLabel(code), code).toBe(label);
  });

  it("are 4-digit codes, each listed once, grouped under their family", () => {
    const codes = legalFormFamilies.flatMap((family) => family.forms.map((form) => form.code));
    expect(codes).toHaveLength(LEGAL_FORM_COUNT);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^\d{4}$/.test(code))).toBe(true);
    for (const family of legalFormFamilies) {
      expect(family.forms.length, family.label).toBeGreaterThan(0);
      expect(family.forms.every((form) => form.code.startsWith(family.code))).toBe(true);
    }
    expect(LEGAL_FORM_COUNT).toBeGreaterThan(250);
  });

  it("tell a listed code from an unknown one, which is shown by its code", () => {
    expect(isLegalFormCode("9220")).toBe(true);
    expect(isLegalFormCode("9999")).toBe(false);
    expect(legalFormLabel("9999")).toBe("Catégorie juridique 9999");
  });
});
