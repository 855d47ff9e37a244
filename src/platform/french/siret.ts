/**
 * SIREN (company, 9 digits) and SIRET (establishment, 14 digits = SIREN + 5-digit NIC) numbers
 * of the INSEE's Sirene register. Both end with a Luhn key.
 *
 * La Poste exception: La Poste has a single SIREN (356 000 000) and more establishments than the
 * NIC's key digit could number, so its SIRETs other than the head office (356 000 000 00048,
 * which passes Luhn) are keyed differently: the sum of the 14 digits is a multiple of 5.
 * Sources: INSEE's Sirene documentation as summarised in the French Wikipedia article "Système
 * d'identification du répertoire des établissements", and python-stdnum's `stdnum.fr.siret`
 * (test numbers 356 000 000 09075 and 356 000 000 49837 are real La Poste SIRETs). We accept a
 * La Poste SIRET that passes either rule, so that no real establishment is refused.
 */
import { invalid, stripSeparators, valid, type Check } from "./check.ts";
import { passesLuhn } from "./luhn.ts";

export const LA_POSTE_SIREN = "356000000";

/** Checks a SIREN typed by a person ("732 829 320"); the value is the 9 digits. */
export function checkSiren(input: string): Check {
  const siren = stripSeparators(input);
  if (siren === "") return invalid("Saisissez le numéro SIREN (9 chiffres).");
  if (!/^\d+$/.test(siren)) return invalid("Le numéro SIREN ne doit comporter que des chiffres.");
  if (siren.length === 14) return invalid("Vous avez saisi un numéro SIRET (14 chiffres) : le numéro SIREN en est les 9 premiers chiffres.");
  if (siren.length !== 9) return invalid("Le numéro SIREN doit comporter 9 chiffres.");
  if (!passesLuhn(siren)) return invalid("Ce numéro SIREN n'est pas valide : vérifiez-le sur l'avis de situation INSEE.");
  return valid(siren);
}

/** Checks a SIRET typed by a person ("123 456 789 00012"); the value is the 14 digits. */
export function checkSiret(input: string): Check {
  const siret = stripSeparators(input);
  if (siret === "") return invalid("Saisissez le numéro SIRET (14 chiffres).");
  if (!/^\d+$/.test(siret)) return invalid("Le numéro SIRET ne doit comporter que des chiffres.");
  if (siret.length === 9) {
    return invalid("Vous avez saisi un numéro SIREN (9 chiffres) : le numéro SIRET en comporte 14, les 5 derniers désignant l'établissement.");
  }
  if (siret.length !== 14) return invalid("Le numéro SIRET doit comporter 14 chiffres.");
  if (!hasValidSiretKey(siret)) return invalid("Ce numéro SIRET n'est pas valide : vérifiez-le sur l'avis de situation INSEE.");
  return valid(siret);
}

function hasValidSiretKey(siret: string): boolean {
  const siren = siret.slice(0, 9);
  if (siren === LA_POSTE_SIREN) {
    const digitSum = [...siret].reduce((sum, digit) => sum + Number(digit), 0);
    return passesLuhn(siret) || digitSum % 5 === 0;
  }
  // The SIREN carries its own key: a SIRET whose first 9 digits are not a SIREN is not real.
  return passesLuhn(siret) && passesLuhn(siren);
}

/** The SIREN of a checked SIRET (its first 9 digits). */
export function sirenOf(siret: string): string {
  return stripSeparators(siret).slice(0, 9);
}

/** "732 829 320 00074", as the INSEE prints it. */
export function formatSiret(siret: string): string {
  const digits = stripSeparators(siret);
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`;
}

/** "732 829 320". */
export function formatSiren(siren: string): string {
  const digits = stripSeparators(siren);
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)}`;
}
