import { describe, expect, it } from "vitest";
import { checkBirthIdentity, type BirthIdentityForm } from "./birth-identity.ts";

const TODAY = "2026-03-02";
const empty: BirthIdentityForm = { birthDay: "", birthMonth: "", birthYear: "", birthPlace: "", birthCommune: "", birthCountry: "", sex: "", nir: "" };
const jean: BirthIdentityForm = { birthDay: "3", birthMonth: "12", birthYear: "1984", birthPlace: "france", birthCommune: "Mont-Saint-Aignan", birthCountry: "", sex: "M", nir: "1 84 12 76 451 089 46" };
const check = (form: Partial<BirthIdentityForm>) => checkBirthIdentity({ ...empty, ...form }, TODAY);

describe("the birth data and NIR of Mon compte", () => {
  it("may be left empty", () => {
    expect(check({})).toEqual({ values: { birthDate: null, birthCommuneCode: null, birthCountryCode: null, sex: null, nir: null }, errors: {} });
  });

  it("keeps a commune of birth in France with its INSEE code, and a NIR that matches", () => {
    expect(check(jean)).toEqual({
      values: { birthDate: "1984-12-03", birthCommuneCode: "76451", birthCountryCode: "99100", sex: "M", nir: "184127645108946" },
      errors: {},
    });
  });

  it("keeps a country of birth abroad, never France in that list", () => {
    expect(check({ birthPlace: "etranger", birthCountry: "99350", birthCommune: "ignorée" }).values).toMatchObject({ birthCommuneCode: null, birthCountryCode: "99350" });
    expect(check({ birthPlace: "etranger", birthCountry: "99100" }).errors).toEqual({ birthCountry: "Choisissez votre pays de naissance dans la liste." });
    expect(check({ birthPlace: "etranger" }).errors).toEqual({ birthCountry: "Choisissez votre pays de naissance." });
  });

  it("explains each wrong birth date", () => {
    const dateError = (birthDay: string, birthMonth: string, birthYear: string) => check({ birthDay, birthMonth, birthYear }).errors.birthDate;
    expect(dateError("3", "", "1984")).toBe("Indiquez le jour, le mois et l'année de votre naissance.");
    expect(dateError("3", "déc", "1984")).toBe("La date de naissance ne doit comporter que des chiffres, par exemple 14 7 1990.");
    expect(dateError("3", "12", "84")).toBe("Saisissez l'année de naissance avec 4 chiffres, par exemple 1990.");
    expect(dateError("3", "13", "1984")).toBe("Le mois de naissance doit être compris entre 1 et 12.");
    expect(dateError("29", "2", "2025")).toBe("Cette date n'existe pas : ce mois compte 28 jours.");
    expect(dateError("3", "3", "2026")).toBe("La date de naissance ne peut pas être dans le futur.");
    expect(dateError("3", "3", "1850")).toBe("Vérifiez l'année de naissance.");
    expect(check({ birthDay: "29", birthMonth: "02", birthYear: "2024" }).values.birthDate).toBe("2024-02-29");
  });

  it("explains an unknown or ambiguous commune, and a place without France or abroad", () => {
    expect(check({ birthPlace: "france", birthCommune: "Saint-Denis" }).errors.birthCommune).toMatch(/^Plusieurs communes portent ce nom/);
    expect(check({ birthPlace: "france", birthCommune: "Saint-Denis (974)" }).values.birthCommuneCode).toBe("97411");
    expect(check({ birthPlace: "france", birthCommune: "Trifouilly-les-Oies" }).errors.birthCommune).toMatch(/^Cette commune est introuvable/);
    expect(check({ birthPlace: "france" }).errors).toEqual({ birthCommune: "Saisissez votre commune de naissance." });
    expect(check({ birthCommune: "Ajaccio" }).errors).toEqual({ birthPlace: "Indiquez si vous êtes né(e) en France ou à l'étranger." });
    expect(check({ birthPlace: "lune" }).errors).toEqual({ birthPlace: "Indiquez si vous êtes né(e) en France ou à l'étranger." });
  });

  it("checks the NIR against the birth data, and asks for them when missing", () => {
    expect(check({ ...jean, birthMonth: "11" }).errors).toEqual({ nir: "Le numéro de sécurité sociale ne correspond pas à votre mois de naissance." });
    expect(check({ ...jean, nir: "1 84 12 76 451 089 47" }).errors.nir).toMatch(/^La clé du numéro de sécurité sociale est incorrecte/);
    expect(check({ nir: "1 84 12 76 451 089 46" }).errors).toEqual({
      nir: "Pour vérifier votre numéro de sécurité sociale, indiquez aussi votre sexe, votre date et votre lieu de naissance.",
    });
    // A wrong date is reported once, on the date: the NIR cannot be compared with it yet.
    expect(check({ ...jean, birthYear: "84" }).errors).toEqual({ birthDate: "Saisissez l'année de naissance avec 4 chiffres, par exemple 1990." });
    expect(check({ ...jean, sex: "X" }).errors).toEqual({ sex: "Indiquez votre sexe." });
  });
});
