/**
 * Checks what a form posted for one field, by type: the normalised value to store, or the
 * French sentence to show under the field. Pure functions: no database, the date of today is
 * given. An empty answer is `undefined` (nothing stored) unless the field is required.
 */
import { invalid, valid, type Check } from "../../../platform/french/check.ts";
import { checkPostalCodeAndCommune } from "../../../platform/french/communes.ts";
import { formatEuros, parseEuros } from "../../../platform/french/amount.ts";
import { checkIban } from "../../../platform/french/iban.ts";
import { checkNir } from "../../../platform/french/nir.ts";
import { checkFrenchPhone } from "../../../platform/french/phone.ts";
import { checkRna } from "../../../platform/french/rna.ts";
import { checkSiret } from "../../../platform/french/siret.ts";
import type { AnswerableLeafField } from "../definition/schema.ts";
import { checkCommune } from "./communes.ts";
import type { AddressValue, LeafValue, PostedForm } from "./values.ts";

export const SHORT_TEXT_MAX = 200;
export const LONG_TEXT_MAX = 5000;
const ADDRESS_LINE_MAX = 200;

export interface CheckContext {
  /** Today in Europe/Paris, "AAAA-MM-JJ", for dates that must be past or future. */
  today: string;
}

/** A field's outcome: its value (undefined when left empty), or errors by input name. */
export type FieldOutcome = { ok: true; value: LeafValue | undefined } | { ok: false; errors: Record<string, string> };

/** The first string posted under a name, trimmed; "" when absent or not text. */
export function postedText(form: PostedForm, name: string): string {
  let value = form[name];
  if (Array.isArray(value)) value = value[0];
  return typeof value === "string" ? value.trim() : "";
}

/** Every string posted under a name (checkboxes send one per ticked box). */
export function postedList(form: PostedForm, name: string): string[] {
  const value = form[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((item): item is string => typeof item === "string").map((item) => item.trim()).filter((item) => item !== "");
}

/** Control characters other than tab and line breaks come from copy-paste accidents or attacks. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

const fromCheck = <T extends LeafValue>(name: string, check: Check<T>): FieldOutcome => (check.ok ? { ok: true, value: check.value } : { ok: false, errors: { [name]: check.message } });
const error = (name: string, message: string): FieldOutcome => ({ ok: false, errors: { [name]: message } });
const ok = (value: LeafValue | undefined): FieldOutcome => ({ ok: true, value });

/** Message for a required field left empty, by type. */
function emptyMessage(field: AnswerableLeafField): string {
  switch (field.type) {
    case "choix-unique":
    case "liste-deroulante":
    case "oui-non":
      return "Choisissez une réponse.";
    case "cases-a-cocher":
      return "Cochez au moins une case.";
    case "date":
      return "Saisissez une date, par exemple 15/03/2025.";
    case "montant":
      return "Saisissez un montant en euros, par exemple 650,50.";
    case "nombre":
      return "Saisissez un nombre.";
    case "email":
      return "Saisissez une adresse électronique.";
    case "telephone":
      return "Saisissez un numéro de téléphone.";
    case "commune":
      return "Saisissez la commune.";
    case "siret":
      return "Saisissez le numéro SIRET (14 chiffres).";
    case "nir":
      return "Saisissez le numéro de sécurité sociale (15 chiffres, clé comprise).";
    case "rna":
      return "Saisissez le numéro RNA de l'association (W suivi de 9 caractères).";
    case "iban":
      return "Saisissez l'IBAN (il commence par FR pour un compte en France).";
    default:
      return "Ce champ est obligatoire.";
  }
}

/**
 * Checks one field posted under `name` (its id, or `menage[0].nom` inside a group). The address
 * reads `name.ligne`, `name.complement`, `name.code_postal` and `name.commune`.
 */
export function checkField(field: AnswerableLeafField, form: PostedForm, name: string, context: CheckContext): FieldOutcome {
  if (field.type === "adresse") return checkAddress(field.obligatoire === true, form, name);
  if (field.type === "cases-a-cocher") {
    const ticked = postedList(form, name);
    if (ticked.length === 0) return field.obligatoire ? error(name, emptyMessage(field)) : ok(undefined);
    const values = field.options.map((option) => option.valeur);
    if (ticked.some((value) => !values.includes(value))) return error(name, "Une case cochée ne fait pas partie des réponses proposées : cochez parmi la liste.");
    // Stored in the definition's order, each once, whatever the order posted.
    return ok(values.filter((value) => ticked.includes(value)));
  }
  const raw = field.type === "texte-long" ? rawLongText(form, name) : postedText(form, name);
  if (raw === "") return field.obligatoire ? error(name, emptyMessage(field)) : ok(undefined);
  if (hasControlCharacters(raw)) return error(name, "Ce texte contient des caractères non autorisés : retapez-le plutôt que de le coller.");

  switch (field.type) {
    case "texte-court": {
      const max = field.longueur_max ?? SHORT_TEXT_MAX;
      if (/[\r\n]/.test(raw)) return error(name, "Saisissez ce texte sur une seule ligne.");
      return [...raw].length > max ? error(name, `Ce texte ne peut pas dépasser ${max} caractères (vous en avez saisi ${[...raw].length}).`) : ok(raw);
    }
    case "texte-long": {
      const max = field.longueur_max ?? LONG_TEXT_MAX;
      return [...raw].length > max ? error(name, `Ce texte ne peut pas dépasser ${max} caractères (vous en avez saisi ${[...raw].length}).`) : ok(raw);
    }
    case "nombre":
      return fromCheck(name, checkNumber(raw, field));
    case "montant":
      return fromCheck(name, checkAmount(raw, field));
    case "date":
      return fromCheck(name, checkDate(raw, field.période, context.today));
    case "choix-unique":
    case "liste-deroulante":
      return field.options.some((option) => option.valeur === raw) ? ok(raw) : error(name, "Cette réponse ne fait pas partie des réponses proposées : choisissez-en une dans la liste.");
    case "oui-non":
      if (raw === "oui") return ok(true);
      if (raw === "non") return ok(false);
      return error(name, "Répondez par oui ou par non.");
    case "email":
      return fromCheck(name, checkEmailAddress(raw));
    case "telephone": {
      const phone = checkFrenchPhone(raw);
      return phone.ok ? ok(phone.value.e164) : error(name, phone.message);
    }
    case "commune":
      return fromCheck(name, checkCommune(raw));
    case "siret":
      return fromCheck(name, checkSiret(raw));
    case "nir":
      return fromCheck(name, checkNir(raw));
    case "rna":
      return fromCheck(name, checkRna(raw));
    case "iban":
      return fromCheck(name, checkIban(raw, { frenchOnly: field.france_uniquement === true }));
  }
}

/** Long text keeps its line breaks (as "\n") but not the spaces around it. */
function rawLongText(form: PostedForm, name: string): string {
  let value = form[name];
  if (Array.isArray(value)) value = value[0];
  return typeof value === "string" ? value.replace(/\r\n?/g, "\n").trim() : "";
}

function checkNumber(raw: string, field: { minimum?: number; maximum?: number; décimal?: boolean }): Check<number> {
  const compact = raw.replace(/[\s\u00a0\u202f]/g, "");
  if (raw.length > 30 || !/^[-−+]?\d+([.,]\d+)?$/.test(compact)) {
    return invalid(field.décimal ? "Saisissez un nombre, avec des chiffres et éventuellement une virgule, par exemple 12,5." : "Saisissez un nombre entier, avec des chiffres seulement, par exemple 3.");
  }
  const number = Number(compact.replace("−", "-").replace(",", "."));
  if (!field.décimal && !Number.isInteger(number)) return invalid("Saisissez un nombre entier, sans virgule.");
  if (!Number.isSafeInteger(Math.trunc(number))) return invalid("Ce nombre est trop grand : vérifiez-le.");
  const format = (value: number) => value.toLocaleString("fr-FR");
  if (field.minimum !== undefined && number < field.minimum) return invalid(`Saisissez un nombre supérieur ou égal à ${format(field.minimum)}.`);
  if (field.maximum !== undefined && number > field.maximum) return invalid(`Saisissez un nombre inférieur ou égal à ${format(field.maximum)}.`);
  return valid(number);
}

function checkAmount(raw: string, field: { minimum?: number; maximum?: number }): Check<number> {
  const toCents = (euros: number) => Math.round(euros * 100);
  const amount = parseEuros(raw, field.maximum !== undefined ? { maxCents: toCents(field.maximum) } : {});
  if (!amount.ok) return amount;
  if (field.minimum !== undefined && amount.value < toCents(field.minimum)) return invalid(`Le montant doit être d'au moins ${formatEuros(toCents(field.minimum))}.`);
  return amount;
}

/** "2025-03-15" (a date input) or "15/03/2025" (typed), also with dashes or dots: "AAAA-MM-JJ". */
export function checkDate(raw: string, period: "passée" | "future" | undefined, today: string): Check<string> {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(raw);
  let year: number, month: number, day: number;
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (french) {
    if (french[3]!.length !== 4) return invalid("Saisissez l'année avec 4 chiffres, par exemple 15/03/2025.");
    [day, month, year] = [Number(french[1]), Number(french[2]), Number(french[3])];
  } else return invalid("Saisissez une date au format jour/mois/année, par exemple 15/03/2025.");
  if (month < 1 || month > 12) return invalid("Le mois doit être compris entre 1 et 12.");
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return invalid(`Cette date n'existe pas : ce mois compte ${daysInMonth} jours.`);
  if (year < 1900 || year > 2200) return invalid("Vérifiez l'année de cette date.");
  const value = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (period === "passée" && value > today) return invalid("Cette date ne peut pas être dans le futur.");
  if (period === "future" && value < today) return invalid("Cette date ne peut pas être dans le passé.");
  return valid(value);
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:".]+(\.[^\s@<>()[\],;:".]+)*\.[^\s@<>()[\],;:".]{2,}$/;

/** The domain in lower case (it is case-insensitive); the local part as typed. */
function checkEmailAddress(raw: string): Check<string> {
  if (raw.length > 254 || !EMAIL.test(raw)) return invalid("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.");
  const at = raw.lastIndexOf("@");
  return valid(`${raw.slice(0, at)}@${raw.slice(at + 1).toLowerCase()}`);
}

/** The four inputs of a postal address; the postal code must serve the commune. */
function checkAddress(required: boolean, form: PostedForm, name: string): FieldOutcome {
  const parts = {
    ligne: postedText(form, `${name}.ligne`),
    complement: postedText(form, `${name}.complement`),
    code_postal: postedText(form, `${name}.code_postal`),
    commune: postedText(form, `${name}.commune`),
  };
  if (Object.values(parts).every((part) => part === "")) return required ? error(`${name}.ligne`, "Saisissez le numéro et la voie.") : ok(undefined);
  const errors: Record<string, string> = {};
  for (const [part, value] of Object.entries(parts)) {
    if (value.length > ADDRESS_LINE_MAX) errors[`${name}.${part}`] = `Ce texte ne peut pas dépasser ${ADDRESS_LINE_MAX} caractères.`;
    else if (hasControlCharacters(value) || /[\r\n]/.test(value)) errors[`${name}.${part}`] = "Ce texte contient des caractères non autorisés.";
  }
  if (parts.ligne === "") errors[`${name}.ligne`] = "Saisissez le numéro et la voie.";
  if (parts.code_postal === "") errors[`${name}.code_postal`] = "Saisissez le code postal.";
  if (parts.commune === "") errors[`${name}.commune`] = "Saisissez la commune.";
  if (parts.code_postal !== "" && parts.commune !== "" && !errors[`${name}.code_postal`] && !errors[`${name}.commune`]) {
    const place = checkPostalCodeAndCommune(parts.code_postal, parts.commune);
    if (!place.ok) {
      // The postal code alone may be wrong (unknown, not 5 digits) or just not serve the commune.
      const onCode = /code postal (doit|n'existe)/i.test(place.message) || place.message.startsWith("Saisissez le code postal");
      errors[`${name}.${onCode ? "code_postal" : "commune"}`] = place.message;
    } else if (Object.keys(errors).length === 0) {
      const value: AddressValue = {
        ligne: parts.ligne,
        complément: parts.complement,
        codePostal: place.value.postalCode,
        commune: place.value.nom,
        codeInsee: place.value.code,
      };
      return ok(value);
    }
  }
  return { ok: false, errors };
}
