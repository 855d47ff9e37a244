import { checkIdentity, isValidEmail } from "../../core/accounts/identifiers.ts";
import { normalizeUserNumber, USER_NUMBER_PATTERN } from "../../core/accounts/partner-identifier.ts";
import { checkPostalAddress } from "../../platform/letters/letters.ts";
import { partnerAddress } from "./letters.ts";

/** What an operator types to create a partner account (admin page and command line alike). */
export interface PartnerInput {
  civility: string;
  lastName: string;
  firstName: string;
  email: string;
  userNumber: string;
  postalDetail: string;
  postalComplement: string;
  postalStreet: string;
  postalDistribution: string;
  postalCode: string;
  postalCommune: string;
  postalCountry: string;
}

export const partnerFields = [
  "civility",
  "lastName",
  "firstName",
  "email",
  "userNumber",
  "postalDetail",
  "postalComplement",
  "postalStreet",
  "postalDistribution",
  "postalCode",
  "postalCommune",
  "postalCountry",
] as const satisfies readonly (keyof PartnerInput)[];

const addressFieldOf = {
  name: "lastName",
  detail: "postalDetail",
  complement: "postalComplement",
  street: "postalStreet",
  distribution: "postalDistribution",
  postalCode: "postalCode",
  commune: "postalCommune",
  country: "postalCountry",
} as const;

/** The problems of the input, in French, keyed by field in the order of the form. */
export function checkPartnerInput(input: PartnerInput): Record<string, string> {
  const errors: Record<string, string> = { ...checkIdentity(input, "other") };
  if (errors.civility || (input.civility !== "M." && input.civility !== "Mme")) errors.civility = "La civilité doit être « M. » ou « Mme ».";
  if (input.email === "") errors.email = "Indiquez une adresse électronique.";
  else if (!isValidEmail(input.email)) errors.email = "L'adresse électronique n'est pas valide (exemple : nom@exemple.fr).";
  const userNumber = normalizeUserNumber(input.userNumber);
  if (input.userNumber === "") errors.userNumber = "Indiquez le numéro utilisateur.";
  else if (!USER_NUMBER_PATTERN.test(userNumber)) errors.userNumber = "Le numéro utilisateur doit contenir de 1 à 20 lettres sans accent ou chiffres.";
  const address = partnerAddress({ ...input, identifier: "", userNumber });
  for (const [line, message] of Object.entries(checkPostalAddress(address))) {
    const field = addressFieldOf[line as keyof typeof addressFieldOf];
    if (field !== "lastName") errors[field] ??= message;
  }
  return Object.fromEntries(partnerFields.filter((name) => errors[name]).map((name) => [name, errors[name] as string]));
}
