/**
 * The birth data and social security number a person gives in "Mon compte" (seed 003: the
 * housing portal asks the birth date and commune and the NIR). Every part is optional, so an
 * account created with names only can still be edited; but a NIR is only accepted with the sex,
 * birth date and place it is checked against (platform/french/nir-birth.ts).
 */
import type { Sex } from "../../platform/db/schema.ts";
import { checkCommuneName } from "../../platform/french/commune-names.ts";
import { FRANCE_COUNTRY_CODE, findCountry } from "../../platform/french/countries.ts";
import { checkNir } from "../../platform/french/nir.ts";
import { checkNirMatchesBirth } from "../../platform/french/nir-birth.ts";

/** What the form sends: the date in three inputs (jour, mois, année), the place as France + commune or abroad + country. */
export interface BirthIdentityForm {
  birthDay: string;
  birthMonth: string;
  birthYear: string;
  /** "france", "etranger", or "" when not answered. */
  birthPlace: string;
  /** The commune as typed: "Ajaccio", "Saint-Denis (974)", "Saint-Denis 93200", an INSEE code. */
  birthCommune: string;
  /** An INSEE country code from the list, "99350". */
  birthCountry: string;
  sex: string;
  nir: string;
}

export interface BirthIdentity {
  birthDate: string | null;
  birthCommuneCode: string | null;
  birthCountryCode: string | null;
  sex: Sex | null;
  nir: string | null;
}

export const BIRTH_PLACES = { france: "france", abroad: "etranger" } as const;

/**
 * Checks the birth data and the NIR; `today` ("AAAA-MM-JJ", Europe/Paris) bounds the birth date.
 * With `verified` (the birth data FranceConnect gave, locked), only the NIR is read from the
 * form, and checked against them.
 */
export function checkBirthIdentity(
  form: BirthIdentityForm,
  today: string,
  verified?: Omit<BirthIdentity, "nir">,
): { values: BirthIdentity; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const date = verified ? { value: verified.birthDate } : checkBirthDate(form, today);
  if (date.error) errors.birthDate = date.error;

  const place = verified ? { communeCode: verified.birthCommuneCode, countryCode: verified.birthCountryCode, errors: {} } : checkBirthPlace(form);
  Object.assign(errors, place.errors);

  const sexValid = form.sex === "F" || form.sex === "M" || form.sex === "";
  if (!verified && !sexValid) errors.sex = "Indiquez votre sexe.";
  const sex: Sex | null = verified ? verified.sex : form.sex === "F" || form.sex === "M" ? form.sex : null;

  let nir: string | null = null;
  if (form.nir !== "") {
    const format = checkNir(form.nir);
    if (!format.ok) errors.nir = format.message;
    else if (Object.keys(errors).length > 0) nir = format.value;
    else if (!sex || !date.value || !place.countryCode) {
      errors.nir = "Pour vérifier votre numéro de sécurité sociale, indiquez aussi votre sexe, votre date et votre lieu de naissance.";
    } else {
      const matching = checkNirMatchesBirth(format.value, { sex, birthDate: date.value, birthCommuneCode: place.communeCode, birthCountryCode: place.countryCode });
      if (matching.ok) nir = matching.value;
      else errors.nir = matching.message;
    }
  }
  return { values: { birthDate: date.value, birthCommuneCode: place.communeCode, birthCountryCode: place.countryCode, sex, nir }, errors };
}

/** The three inputs as a 'YYYY-MM-DD' date; all empty is "not given". */
export function checkBirthDate(form: Pick<BirthIdentityForm, "birthDay" | "birthMonth" | "birthYear">, today: string): { value: string | null; error?: string | undefined } {
  const parts = [form.birthDay, form.birthMonth, form.birthYear];
  if (parts.every((part) => part === "")) return { value: null };
  if (parts.some((part) => part === "")) return { value: null, error: "Indiquez le jour, le mois et l'année de votre naissance." };
  if (!parts.every((part) => /^\d+$/.test(part))) return { value: null, error: "La date de naissance ne doit comporter que des chiffres, par exemple 14 7 1990." };
  if (form.birthYear.length !== 4) return { value: null, error: "Saisissez l'année de naissance avec 4 chiffres, par exemple 1990." };
  const [day, month, year] = parts.map(Number) as [number, number, number];
  if (month < 1 || month > 12) return { value: null, error: "Le mois de naissance doit être compris entre 1 et 12." };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return { value: null, error: `Cette date n'existe pas : ce mois compte ${daysInMonth} jours.` };
  const value = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (value > today) return { value: null, error: "La date de naissance ne peut pas être dans le futur." };
  if (year < 1900) return { value: null, error: "Vérifiez l'année de naissance." };
  return { value };
}

export function checkBirthPlace(form: Pick<BirthIdentityForm, "birthPlace" | "birthCommune" | "birthCountry">): { communeCode: string | null; countryCode: string | null; errors: Record<string, string> } {
  const none = { communeCode: null, countryCode: null };
  if (form.birthPlace === BIRTH_PLACES.france) {
    if (form.birthCommune === "") return { ...none, errors: { birthCommune: "Saisissez votre commune de naissance." } };
    const commune = checkCommuneName(form.birthCommune, { formerCommunes: true });
    if (!commune.ok) return { ...none, errors: { birthCommune: commune.message } };
    return { communeCode: commune.value.code, countryCode: FRANCE_COUNTRY_CODE, errors: {} };
  }
  if (form.birthPlace === BIRTH_PLACES.abroad) {
    if (form.birthCountry === "") return { ...none, errors: { birthCountry: "Choisissez votre pays de naissance." } };
    const country = findCountry(form.birthCountry);
    if (!country || country.code === FRANCE_COUNTRY_CODE) return { ...none, errors: { birthCountry: "Choisissez votre pays de naissance dans la liste." } };
    return { communeCode: null, countryCode: country.code, errors: {} };
  }
  if (form.birthPlace === "" && form.birthCommune === "" && form.birthCountry === "") return { ...none, errors: {} };
  return { ...none, errors: { birthPlace: "Indiquez si vous êtes né(e) en France ou à l'étranger." } };
}
