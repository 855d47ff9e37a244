/**
 * Checks of the organisation record's fields, shared by its forms. Each returns the value to
 * store (null for an optional field left empty) or the French sentence shown under the field.
 */
import { invalid, valid, type Check } from "../../platform/french/check.ts";
import { checkPostalCode, checkPostalCodeAndCommune } from "../../platform/french/communes.ts";
import { checkFrenchPhone } from "../../platform/french/phone.ts";
import { isValidEmail } from "../../core/accounts/identifiers.ts";

export const TEXT_MAX_LENGTH = 200;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A free text: required or not, at most `max` characters, no control characters. */
export function checkText(value: string, options: { required: string; max?: number; what: string }): Check<string>;
export function checkText(value: string, options: { required: null; max?: number; what: string }): Check<string | null>;
export function checkText(value: string, options: { required: string | null; max?: number; what: string }): Check<string | null> {
  const max = options.max ?? TEXT_MAX_LENGTH;
  if (value === "") return options.required === null ? valid(null) : invalid(options.required);
  if ([...value].length > max) return invalid(`${options.what} doit contenir au plus ${max} caractères.`);
  if (CONTROL_CHARACTERS.test(value)) return invalid(`${options.what} contient des caractères non autorisés.`);
  return valid(value);
}

type CheckedValues<T> = { [K in keyof T]: T[K] extends Check<infer V> ? V : never };

/**
 * Gathers the checks of a form: the messages by field (in the form's order, for the error
 * summary), or every value once all are right.
 */
export function collectChecks<T extends Record<string, Check<unknown>>>(checks: T): { errors: Record<string, string>; values: CheckedValues<T> | null } {
  const errors: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [field, check] of Object.entries(checks)) {
    if (check.ok) values[field] = check.value;
    else errors[field] = check.message;
  }
  return Object.keys(errors).length > 0 ? { errors, values: null } : { errors, values: values as CheckedValues<T> };
}

/** A value chosen from a list (a select): empty is null when allowed, anything else must be listed. */
export function checkChoice(value: string, isListed: (value: string) => boolean, message: string, options: { required?: boolean } = {}): Check<string | null> {
  if (value === "") return options.required ? invalid(message) : valid(null);
  return isListed(value) ? valid(value) : invalid(message);
}

/** An optional French phone number, stored in its international form (+33123456789). */
export function checkOptionalPhone(value: string): Check<string | null> {
  if (value === "") return valid(null);
  const phone = checkFrenchPhone(value);
  return phone.ok ? valid(phone.value.e164) : phone;
}

/** "01 23 45 67 89" for a stored number; a number stored otherwise (by an import) is shown as it is. */
export function formatPhone(stored: string): string {
  const phone = checkFrenchPhone(stored);
  return phone.ok ? phone.value.national : stored;
}

/** An e-mail address, lower-cased as accounts' are; null when optional and empty. */
export function checkEmail(value: string, options: { required: string | null }): Check<string | null> {
  if (value === "") return options.required === null ? valid(null) : invalid(options.required);
  if (!isValidEmail(value)) return invalid("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.");
  return valid(value.toLowerCase());
}

const WEBSITE_MESSAGE = "Saisissez l'adresse complète du site internet, commençant par http:// ou https://, par exemple https://www.exemple.fr.";

/**
 * A website: http or https only, so that the link shown on the record can never run a script
 * or open another application. "www.exemple.fr" is read as "https://www.exemple.fr".
 */
export function checkWebsite(value: string): Check<string | null> {
  if (value === "") return valid(null);
  if (value.length > 255) return invalid("L'adresse du site internet doit contenir au plus 255 caractères.");
  // A scheme is letters before a colon; "www.exemple.fr:8080" (a dot first) has none.
  const candidate = /^[a-z][a-z0-9+-]*:/i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return invalid(WEBSITE_MESSAGE);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return invalid(WEBSITE_MESSAGE);
  if (!/\.[a-z0-9-]{2,}$/i.test(url.hostname) || url.username !== "" || url.password !== "" || /\s/.test(value)) {
    return invalid(WEBSITE_MESSAGE);
  }
  // Browsers parse the stored text as URL did here, so the link goes where it was checked to go.
  return valid(candidate);
}

/** The postal address fields of a form, as typed. */
export interface AddressForm {
  addressRecipient: string;
  addressBuilding: string;
  addressStreet: string;
  addressDistribution: string;
  postalCode: string;
  communeName: string;
  country: string;
}

export const ADDRESS_FIELDS = ["addressRecipient", "addressBuilding", "addressStreet", "addressDistribution", "postalCode", "communeName", "country"] as const;

/** A checked address, as stored: `country` null means France. */
export interface AddressValue {
  addressRecipient: string | null;
  addressBuilding: string | null;
  addressStreet: string;
  addressDistribution: string | null;
  postalCode: string;
  communeInseeCode: string | null;
  communeName: string;
  country: string | null;
}

/** "France", "FRANCE", "fr" or nothing all mean France. */
export function isFrance(country: string): boolean {
  return ["", "france", "fr", "france metropolitaine"].includes(
    country
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .trim()
      .toLowerCase(),
  );
}

/**
 * An address in the standard French lines. In France the postal code must exist and serve the
 * commune (La Poste's and the INSEE's official lists); abroad, postal code and locality are
 * taken as written. With `optional`, an address left entirely empty is null.
 */
export function checkAddress(form: AddressForm, options: { optional?: boolean } = {}): { errors: Record<string, string>; value: AddressValue | null } {
  const errors: Record<string, string> = {};
  const allEmpty = ADDRESS_FIELDS.every((field) => field === "country" ? isFrance(form.country) : form[field] === "");
  if (options.optional && allEmpty) return { errors, value: null };

  const texts = {
    addressRecipient: checkText(form.addressRecipient, { required: null, max: 38 * 3, what: "Le destinataire" }),
    addressBuilding: checkText(form.addressBuilding, { required: null, max: 38 * 3, what: "Le complément (bâtiment, entrée)" }),
    addressStreet: checkText(form.addressStreet, { required: "Saisissez le numéro et le libellé de la voie.", max: 38 * 3, what: "Le numéro et la voie" }),
    addressDistribution: checkText(form.addressDistribution, { required: null, max: 38 * 3, what: "La mention BP ou le lieu-dit" }),
  };
  for (const [field, check] of Object.entries(texts)) if (!check.ok) errors[field] = check.message;

  let postal: { postalCode: string; communeInseeCode: string | null; communeName: string } | undefined;
  let country: string | null = null;
  if (isFrance(form.country)) {
    const postalCode = checkPostalCode(form.postalCode);
    if (!postalCode.ok) {
      errors.postalCode = postalCode.message;
      if (form.communeName === "") errors.communeName = "Saisissez la commune.";
    } else {
      const commune = checkPostalCodeAndCommune(postalCode.value, form.communeName);
      if (!commune.ok) errors.communeName = commune.message;
      else postal = { postalCode: postalCode.value, communeInseeCode: commune.value.code, communeName: commune.value.nom };
    }
  } else {
    const countryCheck = checkText(form.country, { required: null, max: 60, what: "Le pays" });
    const postalCode = checkText(form.postalCode, { required: null, max: 20, what: "Le code postal" });
    const locality = checkText(form.communeName, { required: "Saisissez la localité.", max: 100, what: "La localité" });
    if (!postalCode.ok) errors.postalCode = postalCode.message;
    if (!locality.ok) errors.communeName = locality.message;
    if (!countryCheck.ok) errors.country = countryCheck.message;
    if (countryCheck.ok && postalCode.ok && locality.ok) {
      country = countryCheck.value;
      postal = { postalCode: postalCode.value ?? "", communeInseeCode: null, communeName: locality.value ?? "" };
    }
  }

  if (Object.keys(errors).length > 0 || !postal) return { errors, value: null };
  const text = (field: keyof typeof texts) => {
    const check = texts[field];
    return check.ok ? check.value : null;
  };
  return {
    errors,
    value: {
      addressRecipient: text("addressRecipient"),
      addressBuilding: text("addressBuilding"),
      addressStreet: texts.addressStreet.ok ? texts.addressStreet.value : "",
      addressDistribution: text("addressDistribution"),
      ...postal,
      country,
    },
  };
}

/** The form's values for a stored address ("France" spelled out for the country field). */
export function addressFormValues(address: {
  addressRecipient: string | null;
  addressBuilding: string | null;
  addressStreet: string | null;
  addressDistribution: string | null;
  postalCode: string | null;
  communeName: string | null;
  country: string | null;
}): AddressForm {
  return {
    addressRecipient: address.addressRecipient ?? "",
    addressBuilding: address.addressBuilding ?? "",
    addressStreet: address.addressStreet ?? "",
    addressDistribution: address.addressDistribution ?? "",
    postalCode: address.postalCode ?? "",
    communeName: address.communeName ?? "",
    country: address.country ?? "France",
  };
}

/** The lines of an address as printed on an envelope: "46000 CAHORS", then the country. */
export function addressLines(address: {
  addressRecipient: string | null;
  addressBuilding: string | null;
  addressStreet: string | null;
  addressDistribution: string | null;
  postalCode: string | null;
  communeName: string | null;
  country: string | null;
}): string[] {
  const locality = [address.postalCode, address.communeName?.toLocaleUpperCase("fr-FR")].filter(Boolean).join(" ");
  const lines = [address.addressRecipient, address.addressBuilding, address.addressStreet, address.addressDistribution, locality].filter(
    (line): line is string => typeof line === "string" && line !== "",
  );
  if (lines.length === 0) return [];
  return [...lines, (address.country ?? "France").toLocaleUpperCase("fr-FR")];
}
