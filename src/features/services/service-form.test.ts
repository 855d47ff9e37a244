import { describe, expect, it } from "vitest";
import { checkServiceForm, termsParagraphs, type ServiceForm } from "./service-form.ts";

const valid: ServiceForm = {
  name: "Demande de prêts",
  slug: "demande-de-prets",
  tileLabel: "Mes prêts en ligne",
  description: "Déposer et suivre vos demandes de prêt.",
  url: "https://prets.exemple.fr/",
  requiresOrganisation: "oui",
  requiresFunction: "",
  grantedBy: "organisation_admin",
  termsText: "Article 1.",
};

const errorsOf = (changes: Partial<ServiceForm>, withTerms = true) => checkServiceForm({ ...valid, ...changes }, { withTerms }).errors;

describe("the service form", () => {
  it("accepts a complete form and types its fields", () => {
    const { fields, errors } = checkServiceForm(valid, { withTerms: true });
    expect(errors).toEqual({});
    expect(fields).toMatchObject({ requiresOrganisation: true, requiresFunction: false, grantedBy: "organisation_admin" });
  });

  it("takes lowercase letters, digits and single dashes as the name in the address", () => {
    for (const slug of ["prets", "mes-prets-en-ligne", "dataviz2"]) expect(errorsOf({ slug })).toEqual({});
    for (const slug of ["Prets", "prêts", "-prets", "prets-", "mes--prets", "mes prets", "mes_prets", "a".repeat(61)]) expect(errorsOf({ slug })).toHaveProperty("slug");
  });

  it("takes only http and https addresses", () => {
    for (const url of ["https://prets.exemple.fr", "http://localhost:4000/sso"]) expect(errorsOf({ url })).toEqual({});
    for (const url of ["javascript:alert(1)", "ftp://exemple.fr", "HTTPS://exemple.fr", "https://", "//exemple.fr", "https://user:secret@exemple.fr"])
      expect(errorsOf({ url }), url).toHaveProperty("url");
  });

  it("requires an organisation for a function or for a grant by the organisation's administrator", () => {
    expect(errorsOf({ requiresOrganisation: "", requiresFunction: "oui", grantedBy: "automatic" })).toHaveProperty("requiresFunction");
    expect(errorsOf({ requiresOrganisation: "", grantedBy: "organisation_admin" })).toHaveProperty("grantedBy");
    expect(errorsOf({ requiresOrganisation: "", grantedBy: "platform_admin" })).toEqual({});
    expect(errorsOf({ grantedBy: "personne" })).toHaveProperty("grantedBy");
  });

  it("checks the terms only when they are part of the form", () => {
    expect(errorsOf({ termsText: "" })).toHaveProperty("termsText");
    expect(errorsOf({ termsText: "" }, false)).toEqual({});
  });

  it("splits the terms into paragraphs at blank lines, whatever the line endings", () => {
    expect(termsParagraphs("Un.\r\n\r\nDeux,\nsuite.\n \n\nTrois.")).toEqual(["Un.", "Deux,\nsuite.", "Trois."]);
  });
});
