/**
 * NIR, the social security number (numéro d'inscription au répertoire, INSEE): 13 characters
 * and a 2-digit key, printed "1 84 12 76 451 089 46".
 *
 * - sex: 1 (man) or 2 (woman); 3 and 4 for foreign-born people being registered, 7 and 8 for
 *   temporary numbers (numéros provisoires) — all accepted, as such numbers appear on forms.
 * - year: 2 digits, any value.
 * - month: 01–12; or 20–42 and 50–99, fictitious months the INSEE gives when the civil-status
 *   document does not state the month (or for temporary numbers). 00 and 13–19, 43–49 are
 *   refused.
 * - place of birth (5 characters): département (2 digits, or 2A / 2B for Corsica since 1976)
 *   and commune (3 digits); overseas (97x, 98x) and abroad (99 + country code) fit the same
 *   5 digits. Checked against the person's birth data by nir-birth.ts.
 * - order number (3 digits), then the key: 97 − (the 13 digits mod 97), where 2A counts as 19
 *   and 2B as 18.
 * Mod 97 catches every single wrong digit and every swap of two adjacent digits of the number.
 */
import { invalid, valid, type Check } from "./check.ts";

const LENGTH_MESSAGE = "Le numéro de sécurité sociale doit comporter 15 caractères : 13 chiffres et une clé de 2 chiffres.";

/** Checks a NIR typed by a person; the value is the 15 characters, capitals for 2A / 2B. */
export function checkNir(input: string): Check {
  const nir = input.replace(/[\s.-]/g, "").toUpperCase();
  if (nir === "") return invalid("Saisissez votre numéro de sécurité sociale (15 chiffres, clé comprise).");
  if (nir.length !== 15) return invalid(LENGTH_MESSAGE);
  if (!/^\d{5}(\d{2}|2A|2B)\d{8}$/.test(nir)) {
    return invalid("Le numéro de sécurité sociale ne doit comporter que des chiffres (ou 2A, 2B pour la Corse).");
  }
  if (!"123478".includes(nir[0]!)) return invalid("Le numéro de sécurité sociale commence par 1 ou 2.");
  const month = Number(nir.slice(3, 5));
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) {
    return invalid("Le mois de naissance du numéro de sécurité sociale (4e et 5e chiffres) n'est pas valide.");
  }
  if (nirKey(nir.slice(0, 13)) !== nir.slice(13)) {
    return invalid("La clé du numéro de sécurité sociale est incorrecte : vérifiez le numéro sur votre carte Vitale ou votre attestation.");
  }
  return valid(nir);
}

/** The 2-digit key of the first 13 characters of a NIR. */
export function nirKey(first13: string): string {
  const numeric = first13.toUpperCase().replace("2A", "19").replace("2B", "18");
  // 13 digits stay below 2^53: plain numbers are exact here.
  const key = 97 - (Number(numeric) % 97);
  return String(key).padStart(2, "0");
}

/** "1 84 12 76 451 089 46". */
export function formatNir(nir: string): string {
  const n = nir.replace(/\s/g, "");
  return [n.slice(0, 1), n.slice(1, 3), n.slice(3, 5), n.slice(5, 7), n.slice(7, 10), n.slice(10, 13), n.slice(13)].join(" ");
}
