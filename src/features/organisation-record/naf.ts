/**
 * NAF rev. 2 codes (the INSEE's nomenclature of activities, the "code APE" of a Sirene unit),
 * from @socialgouv/codes-naf: a JSON list of the nomenclature's 1,707 entries, from sections
 * ("01") down to the 732 sub-classes ("71.12A") that Sirene gives each unit. Only sub-classes
 * are accepted: they are what an organisation's documents show.
 */
import { createRequire } from "node:module";
import { invalid, stripSeparators, valid, type Check } from "../../platform/french/check.ts";

export interface NafCode {
  /** "71.12A". */
  code: string;
  /** "Activité des géomètres". */
  label: string;
}

let subClasses: Map<string, string> | undefined;

/** Read once on first use (about 150 kB of JSON). */
function loadSubClasses(): Map<string, string> {
  if (subClasses) return subClasses;
  const entries = createRequire(import.meta.url)("@socialgouv/codes-naf/index.json") as { id: string; label: string }[];
  subClasses = new Map(entries.filter((entry) => /^\d{2}\.\d{2}[A-Z]$/.test(entry.id)).map((entry) => [entry.id, entry.label]));
  return subClasses;
}

/** How many sub-classes the nomenclature holds (732 in NAF rev. 2). */
export function nafSubClassCount(): number {
  return loadSubClasses().size;
}

/**
 * Checks a NAF code as people copy it: "7112A", "71.12A", "71.12 a", "71-12A". The value is
 * the sub-class in the INSEE's spelling, "71.12A", with its label.
 */
export function checkNafCode(input: string): Check<NafCode> {
  const compact = stripSeparators(input).toUpperCase();
  if (compact === "") return invalid("Saisissez le code NAF (APE) de la structure.");
  if (!/^\d{4}[A-Z]$/.test(compact)) {
    return invalid("Le code NAF (APE) comporte 4 chiffres et une lettre, par exemple 71.12A.");
  }
  const code = `${compact.slice(0, 2)}.${compact.slice(2)}`;
  const label = loadSubClasses().get(code);
  if (label === undefined) {
    return invalid(`Le code NAF ${code} n'existe pas dans la nomenclature NAF rév. 2 : vérifiez-le sur l'avis de situation INSEE de la structure.`);
  }
  return valid({ code, label });
}

/** "Activité des géomètres" for "71.12A"; undefined for a code the nomenclature does not hold. */
export function nafLabel(code: string): string | undefined {
  return loadSubClasses().get(code);
}
