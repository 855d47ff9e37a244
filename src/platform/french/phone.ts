/**
 * French phone numbers, typed in any usual way: "01 23 45 67 89", "01.23.45.67.89",
 * "+33 1 23 45 67 89", "0033 1 23 45 67 89", "+33 (0)1 23 45 67 89".
 *
 * Overseas départements share the national 10-digit plan but have their own country codes:
 * 0262/0263/0692/0693 Réunion and 0269/0639 Mayotte → +262; 0590/0690/0691 Guadeloupe,
 * Saint-Martin, Saint-Barthélemy → +590; 0594/0694 Guyane → +594; 0596/0696/0697 Martinique
 * → +596. So every number is first brought to its national form, then its E.164 form is
 * derived from that: "+262 692 12 34 56" and "06 92 12 34 56" give the same value, and a
 * wrong "+33 6 92 …" is corrected. +269 is the Comoros (Mayotte left it in 2007), and the
 * Pacific collectivities and Saint-Pierre-et-Miquelon (+687, +689, +681, +508) have their own
 * shorter plans: these are not accepted as French numbers.
 */
import { invalid, valid, type Check } from "./check.ts";

export interface FrenchPhone {
  /** "+33123456789", "+262692123456": for storage and for SMS providers. */
  e164: string;
  /** "01 23 45 67 89": for display. */
  national: string;
  /** 06 or 07 numbers (including overseas 069x and 0639). */
  mobile: boolean;
}

// National prefixes (after the 0) whose numbers belong to an overseas country code.
const OVERSEAS_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ["262", "262"], ["263", "262"], ["692", "262"], ["693", "262"], ["269", "262"], ["639", "262"],
  ["590", "590"], ["690", "590"], ["691", "590"],
  ["594", "594"], ["694", "594"],
  ["596", "596"], ["696", "596"], ["697", "596"],
];
const COUNTRY_CODES = ["33", "262", "590", "594", "596"];

const FORMAT_MESSAGE = "Saisissez un numéro de téléphone français à 10 chiffres, par exemple 01 23 45 67 89.";

export function checkFrenchPhone(input: string): Check<FrenchPhone> {
  let compact = input.replace(/\(0\)/g, "").replace(/[\s.\-/()]/g, "");
  if (compact === "") return invalid("Saisissez un numéro de téléphone.");
  if (compact.startsWith("00")) compact = `+${compact.slice(2)}`;

  let national: string;
  if (compact.startsWith("+")) {
    const countryCode = COUNTRY_CODES.find((code) => compact.startsWith(`+${code}`));
    if (countryCode === undefined) return invalid("Saisissez un numéro de téléphone français (indicatif +33 ou d'un département d'outre-mer).");
    national = `0${compact.slice(1 + countryCode.length)}`;
    if (!/^0\d{9}$/.test(national)) return invalid(FORMAT_MESSAGE);
    if (countryCode !== "33" && overseasCountryCode(national) !== countryCode) {
      return invalid(`Ce numéro ne correspond pas à l'indicatif +${countryCode} : vérifiez-le.`);
    }
  } else {
    national = compact;
  }
  if (!/^\d+$/.test(national)) return invalid("Le numéro de téléphone ne doit comporter que des chiffres (et le signe + de l'indicatif).");
  if (national.length !== 10) return invalid(FORMAT_MESSAGE);
  if (!/^0[1-9]/.test(national)) return invalid("Un numéro de téléphone français commence par 0 suivi d'un chiffre de 1 à 9.");

  const countryCode = overseasCountryCode(national) ?? "33";
  return valid({
    e164: `+${countryCode}${national.slice(1)}`,
    national: national.replace(/(\d{2})(?=\d)/g, "$1 "),
    mobile: /^0[67]/.test(national),
  });
}

function overseasCountryCode(national: string): string | undefined {
  return OVERSEAS_PREFIXES.find(([prefix]) => national.startsWith(`0${prefix}`))?.[1];
}
