/**
 * What a visitor types to find a desk — a commune's name or a postal code — read against the
 * official lists: accents, case, hyphens and "St"/"Saint" ignored; a postal code serving several
 * communes, or a name several communes share, gives the list to choose from.
 */
import { checkCommuneName } from "../../platform/french/commune-names.ts";
import { communesForPostalCode, findCommune, loadReferenceData, normaliseCommuneName, type Commune } from "../../platform/french/communes.ts";

export interface SearchedCommune {
  /** INSEE code; Paris, Lyon and Marseille as the whole city. */
  code: string;
  name: string;
  departement: string;
  postalCodes: readonly string[];
}

export type CommuneSearch =
  | { kind: "empty" }
  | { kind: "found"; commune: SearchedCommune }
  | { kind: "choose"; question: string; choices: SearchedCommune[] }
  | { kind: "invalid"; message: string };

export const SEARCH_MAX_LENGTH = 100;

/** The whole city for an arrondissement (75101 → 75056), the commune itself otherwise. */
function cityOf(code: string): Commune | undefined {
  const commune = findCommune(code);
  return commune?.type === "arrondissement-municipal" && commune.parentCode ? findCommune(commune.parentCode) : commune;
}

const searched = (commune: Commune): SearchedCommune => ({
  code: commune.code,
  name: commune.nom,
  departement: commune.departement,
  postalCodes: commune.codesPostaux,
});

let byName: Map<string, Commune[]> | undefined;

/** Today's communes by normalised name (built once, on first use). */
function communesNamed(name: string): Commune[] {
  if (!byName) {
    byName = new Map();
    for (const commune of loadReferenceData().communes.values()) {
      if (commune.type !== "commune-actuelle") continue;
      const key = normaliseCommuneName(commune.nom);
      byName.set(key, [...(byName.get(key) ?? []), commune]);
    }
  }
  return byName.get(normaliseCommuneName(name)) ?? [];
}

const byDepartementThenName = (a: SearchedCommune, b: SearchedCommune) => a.departement.localeCompare(b.departement) || a.name.localeCompare(b.name, "fr");

/**
 * Reads the search: `communeCode` is a choice made from a previous list (an INSEE code),
 * `query` what was typed.
 */
export function searchCommune(query: string | undefined, communeCode?: string): CommuneSearch {
  if (communeCode !== undefined && communeCode !== "") {
    const commune = /^\d[\dAB]\d{3}$/i.test(communeCode) ? cityOf(communeCode.toUpperCase()) : undefined;
    return commune ? { kind: "found", commune: searched(commune) } : { kind: "invalid", message: "Cette commune est introuvable : saisissez de nouveau son nom ou son code postal." };
  }
  const typed = (query ?? "").trim();
  if (typed === "") return { kind: "empty" };
  if (typed.length > SEARCH_MAX_LENGTH) return { kind: "invalid", message: `Votre recherche est trop longue : saisissez un nom de commune ou un code postal (${SEARCH_MAX_LENGTH} caractères au maximum).` };

  const digits = typed.replace(/\s/g, "");
  if (/^\d+$/.test(digits)) {
    if (digits.length !== 5) return { kind: "invalid", message: "Un code postal comporte 5 chiffres, par exemple 31000." };
    const codes = [...new Set(communesForPostalCode(digits).map((entry) => cityOf(entry.code)?.code).filter((code) => code !== undefined))];
    const communes = codes.map((code) => searched(findCommune(code)!)).sort(byDepartementThenName);
    if (communes.length === 0) return { kind: "invalid", message: `Aucune commune n'a le code postal ${digits} : vérifiez-le.` };
    if (communes.length === 1) return { kind: "found", commune: communes[0]! };
    return { kind: "choose", question: `Le code postal ${digits} dessert plusieurs communes : choisissez la vôtre.`, choices: communes };
  }

  const checked = checkCommuneName(typed);
  if (checked.ok) return { kind: "found", commune: searched(checked.value) };
  const homonyms = communesNamed(typed).map(searched).sort(byDepartementThenName);
  if (homonyms.length > 1) return { kind: "choose", question: `Plusieurs communes s'appellent « ${typed} » : choisissez la vôtre.`, choices: homonyms };
  return { kind: "invalid", message: "Aucune commune de ce nom : vérifiez son orthographe, ou saisissez son code postal." };
}
