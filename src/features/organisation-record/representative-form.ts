import type { Civility } from "../../platform/db/schema.ts";
import { invalid, valid, type Check } from "../../platform/french/check.ts";
import { NAME_MAX_LENGTH } from "../../core/accounts/identifiers.ts";
import { ADDRESS_FIELDS, checkAddress, checkEmail, checkOptionalPhone, checkText, collectChecks, type AddressValue } from "./fields.ts";

export const REPRESENTATIVE_FIELDS = [
  "civility",
  "lastName",
  "firstName",
  "function",
  "isLegalRepresentative",
  ...ADDRESS_FIELDS,
  "phone",
  "mobile",
  "fax",
  "email",
] as const;

export type RepresentativeForm = Record<(typeof REPRESENTATIVE_FIELDS)[number], string>;

/** What is stored for a representative; an address left empty is stored as empty lines. */
export interface RepresentativeValues {
  civility: Civility;
  lastName: string;
  firstName: string;
  function: string;
  isLegalRepresentative: boolean;
  phone: string | null;
  mobile: string | null;
  fax: string | null;
  email: string | null;
  address: AddressValue | null;
}

function checkCivility(value: string): Check<Civility> {
  return value === "M." || value === "Mme" ? valid(value) : invalid("Indiquez la civilité du représentant.");
}

/**
 * Checks a representative's form. The own address is optional; once any of its lines is given,
 * it is checked as the organisation's (postal code serving the commune in France).
 */
export function checkRepresentative(form: RepresentativeForm): { errors: Record<string, string>; values: RepresentativeValues | null } {
  const identity = collectChecks({
    civility: checkCivility(form.civility),
    lastName: checkText(form.lastName, { required: "Saisissez le nom du représentant.", max: NAME_MAX_LENGTH, what: "Le nom" }),
    firstName: checkText(form.firstName, { required: "Saisissez le prénom du représentant.", max: NAME_MAX_LENGTH, what: "Le prénom" }),
    function: checkText(form.function, { required: "Saisissez la fonction du représentant, par exemple Président ou Maire.", max: 100, what: "La fonction" }),
  });
  const address = checkAddress(form, { optional: true });
  const contact = collectChecks({
    phone: checkOptionalPhone(form.phone),
    mobile: checkOptionalPhone(form.mobile),
    fax: checkOptionalPhone(form.fax),
    email: checkEmail(form.email, { required: null }),
  });
  // In the form's order, so the error summary reads as the page does.
  const errors = { ...identity.errors, ...address.errors, ...contact.errors };
  if (!identity.values || !contact.values || Object.keys(address.errors).length > 0) return { errors, values: null };
  return {
    errors,
    values: {
      civility: identity.values.civility,
      lastName: identity.values.lastName,
      firstName: identity.values.firstName,
      function: identity.values.function,
      isLegalRepresentative: form.isLegalRepresentative === "oui",
      ...contact.values,
      address: address.value,
    },
  };
}

/** The table's columns for the checked values. */
export function representativeColumns(values: RepresentativeValues) {
  const { address, ...rest } = values;
  return {
    ...rest,
    addressRecipient: address?.addressRecipient ?? null,
    addressBuilding: address?.addressBuilding ?? null,
    addressStreet: address?.addressStreet ?? null,
    addressDistribution: address?.addressDistribution ?? null,
    postalCode: address?.postalCode ?? null,
    communeInseeCode: address?.communeInseeCode ?? null,
    communeName: address?.communeName ?? null,
    country: address?.country ?? null,
  };
}
