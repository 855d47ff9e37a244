/**
 * RNA numbers (Répertoire national des associations), given to associations declared since
 * 2009 or whose file was taken into the register: "W" then 9 characters — the 3-character code
 * of the prefecture or sub-prefecture that registered it, then a 6-digit serial number
 * (W751234567). In Corsica and overseas the prefecture code carries a letter in its second
 * position (W2A…, W9R…), so that position accepts a capital letter too.
 * Associations of Alsace-Moselle (registered at the tribunal judiciaire) and older files
 * without an RNA number are not covered: a form must let them answer otherwise.
 */
import { invalid, valid, type Check } from "./check.ts";

export function checkRna(input: string): Check {
  const rna = input.replace(/[\s.-]/g, "").toUpperCase();
  if (rna === "") return invalid("Saisissez le numéro RNA de l'association (W suivi de 9 caractères).");
  if (!/^W\d[\dA-Z]\d{7}$/.test(rna)) {
    return invalid("Le numéro RNA commence par la lettre W suivie de 9 caractères, par exemple W751234567.");
  }
  return valid(rna);
}
