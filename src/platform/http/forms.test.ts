import { describe, expect, it } from "vitest";
import { defineForm, field, parseForm } from "./forms.ts";

const form = defineForm({
  login: field.text({ required: "Saisissez votre identifiant.", max: 10 }),
  code: field.text({ pattern: /^\d{4}$/, invalid: "Le code compte 4 chiffres." }),
  email: field.text({ check: (value) => value.includes("@"), invalid: "Adresse non valide." }),
  civility: field.choice(["M.", "Mme"], { required: "Indiquez votre civilité." }),
  password: field.password({ required: "Saisissez votre mot de passe." }),
  altcha: field.captcha(),
});

describe("a declared form", () => {
  it("gives typed, trimmed values, passwords keeping their spaces", () => {
    const parsed = parseForm(form, { login: " jean ", code: "1234", email: "a@b.fr", civility: "Mme", password: " secret ", altcha: " x " });
    expect(parsed).toEqual({
      valid: true,
      values: { login: "jean", code: "1234", email: "a@b.fr", civility: "Mme", password: " secret ", altcha: "x" },
      sent: { login: "jean", code: "1234", email: "a@b.fr", civility: "Mme" },
    });
  });

  it("gives each field's own message, in the declaration's order, and never sends secrets back", () => {
    const parsed = parseForm(form, { password: "", civility: "Mlle", email: "nobody", code: "12", login: "x".repeat(11), altcha: "solution" });
    expect(parsed.valid).toBe(false);
    if (parsed.valid) return;
    expect(Object.entries(parsed.errors)).toEqual([
      ["login", "Votre saisie est trop longue : 10 caractères au maximum."],
      ["code", "Le code compte 4 chiffres."],
      ["email", "Adresse non valide."],
      ["civility", "Indiquez votre civilité."],
      ["password", "Saisissez votre mot de passe."],
    ]);
    expect(parsed.sent).toEqual({ login: "x".repeat(11), code: "12", email: "nobody", civility: "Mlle" });
  });

  it("lets an optional field be empty, and says what is missing in a required one", () => {
    const parsed = parseForm(form, { login: "   ", civility: "M.", password: "p" });
    expect(parsed.valid ? {} : parsed.errors).toEqual({ login: "Saisissez votre identifiant." });
  });

  it("never throws on a hostile body: arrays give their first value, numbers their text, objects nothing", () => {
    expect(parseForm(form, { login: ["jean", "paul"], code: 1234, email: { $ne: "" }, civility: ["Mme"], password: true }).valid).toBe(true);
    for (const body of [null, undefined, "login=jean", 42, [], { __proto__: { login: "x" } }]) expect(() => parseForm(form, body)).not.toThrow();
    expect(parseForm(form, null)).toMatchObject({ valid: false, errors: { login: "Saisissez votre identifiant." } });
  });

  it("declares a list of optional texts at once, in the list's order", () => {
    const texts = defineForm({ ...field.texts(["name", "city"]), accept: field.choice(["oui"], { required: "Cochez la case." }) });
    expect(parseForm(texts, { city: " Lyon ", accept: "oui" })).toEqual({ valid: true, values: { name: "", city: "Lyon", accept: "oui" }, sent: { name: "", city: "Lyon", accept: "oui" } });
    expect(Object.keys(texts.fields)).toEqual(["name", "city", "accept"]);
  });
});
