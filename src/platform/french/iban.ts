/**
 * IBAN (ISO 13616) and BIC (ISO 9362) checks for bank details (RIB) typed or pasted by people.
 *
 * The IBAN key: move the country code and the 2 check digits to the end, turn letters into
 * numbers (A = 10 … Z = 35), and the whole number mod 97 must be 1 (ISO 7064 MOD 97-10). It
 * catches every single wrong character and every swap of two adjacent characters. Lengths come
 * from SWIFT's IBAN registry; a country missing from the table is refused rather than guessed.
 * The French overseas départements and collectivities (GP, MQ, GF, RE, YT, PM, BL, MF, NC, PF,
 * WF) use "FR" IBANs, so they need no entry of their own.
 */
import { invalid, valid, type Check } from "./check.ts";

/** IBAN length by country code (SWIFT IBAN registry). SEPA countries are all there. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20,
};

export interface IbanOptions {
  /** Refuse foreign IBANs, e.g. for an aid paid only to French accounts. */
  frenchOnly?: boolean;
}

/** Checks an IBAN typed or pasted by a person; the value is compact and in capitals. */
export function checkIban(input: string, options: IbanOptions = {}): Check {
  const iban = input.replace(/^\s*IBAN\s*:?/i, "").replace(/[\s.-]/g, "").toUpperCase();
  if (iban === "") return invalid("Saisissez l'IBAN (il commence par FR pour un compte en France).");
  if (!/^[A-Z0-9]+$/.test(iban)) return invalid("L'IBAN ne doit comporter que des lettres et des chiffres.");
  if (!/^[A-Z]{2}\d{2}/.test(iban)) {
    return invalid("L'IBAN commence par le code du pays (2 lettres, FR pour la France) puis 2 chiffres.");
  }
  const country = iban.slice(0, 2);
  if (options.frenchOnly && country !== "FR") return invalid("L'IBAN doit être celui d'un compte en France (il commence par FR).");
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return invalid("Le code pays de cet IBAN n'est pas reconnu : vérifiez ses 2 premières lettres.");
  if (iban.length !== length) {
    return invalid(country === "FR" ? "Un IBAN français comporte 27 caractères : FR, 2 chiffres, puis 23 caractères." : `Un IBAN de ce pays comporte ${length} caractères.`);
  }
  if (country === "FR" && !/^FR\d{12}[A-Z0-9]{11}\d{2}$/.test(iban)) {
    return invalid("Cet IBAN n'est pas valide : vérifiez-le sur votre relevé d'identité bancaire (RIB).");
  }
  if (ibanRemainder(iban) !== 1) return invalid("Cet IBAN n'est pas valide : vérifiez-le sur votre relevé d'identité bancaire (RIB).");
  return valid(iban);
}

/** ISO 7064 MOD 97-10 over the rearranged IBAN, digit by digit so that no big number is needed. */
function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = parseInt(char, 36);
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/** "FR76 3000 6000 0112 3456 7890 189", grouped by 4 as on a RIB. */
export function formatIban(iban: string): string {
  return iban.replace(/\s/g, "").toUpperCase().replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * BIC (SWIFT code): 4 letters (bank), 2 letters (country), 2 letters or digits (location), and
 * optionally 3 letters or digits (branch): 8 or 11 characters. The format is all that can be
 * checked: BICs have no key.
 */
export function checkBic(input: string): Check {
  const bic = input.replace(/[\s.-]/g, "").toUpperCase();
  if (bic === "") return invalid("Saisissez le BIC (8 ou 11 caractères, sur votre RIB).");
  if (bic.length !== 8 && bic.length !== 11) return invalid("Le BIC comporte 8 ou 11 caractères.");
  if (!/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    return invalid("Ce BIC n'est pas valide : 6 lettres, puis des lettres ou des chiffres (voir votre RIB).");
  }
  return valid(bic);
}
