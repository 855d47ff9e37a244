/**
 * Finding a commune as a person names it in a form: by INSEE code ("2A004", what a list
 * sends), or by name, with the département or the postal code when several communes share it
 * ("Saint-Denis (93)", "Saint-Denis (974)", "Saint-Denis 97400"). Shared by the procedures'
 * commune fields and the commune of birth of "Mon compte".
 */
import { invalid, valid, type Check } from "./check.ts";
import { findCommune, loadReferenceData, normaliseCommuneName, type Commune } from "./communes.ts";

let current: Map<string, Commune[]> | undefined;
let former: Map<string, Commune[]> | undefined;

/** Communes by normalised name: today's, and separately the delegated and associated ones (merged since). */
function communesByName(): { current: Map<string, Commune[]>; former: Map<string, Commune[]> } {
  if (current && former) return { current, former };
  current = new Map();
  former = new Map();
  const { communes, delegated } = loadReferenceData();
  const add = (map: Map<string, Commune[]>, commune: Commune) => {
    const key = normaliseCommuneName(commune.nom);
    map.set(key, [...(map.get(key) ?? []), commune]);
  };
  // Paris, Lyon and Marseille's arrondissements are found by the city's name.
  for (const commune of communes.values()) if (commune.type === "commune-actuelle") add(current, commune);
  for (const commune of delegated) add(former, commune);
  return { current, former };
}

export interface CommuneNameOptions {
  /**
   * Also find communes merged into another since (delegated or associated communes), by their
   * own name and code: a person born in Billy (Calvados) before it joined Valambray in 2017 was
   * born in Billy, and their social security number says so (14074).
   */
  formerCommunes?: boolean;
}

/** "Saint-Denis (93)", "Saint-Denis 93", "Saint-Denis (97400)", "Saint-Denis 97400": name and what narrows it. */
const NARROWED = /^(.*?)[\s,]*(?:\(\s*(\d[\dAB]\d{0,3})\s*\)|\s(\d[\dAB]\d{0,3}))$/i;

/** Checks a commune typed by a person; the value is the commune of the official list. */
export function checkCommuneName(input: string, options: CommuneNameOptions = {}): Check<Commune> {
  const typed = input.trim();
  if (typed === "") return invalid("Saisissez la commune.");
  if (typed.length > 100) return invalid("Ce nom de commune est trop long : vérifiez-le.");
  if (/^\d[\dAB]\d{3}$/i.test(typed)) {
    const commune = findCommune(typed);
    if (options.formerCommunes && commune && commune.code === typed.toUpperCase()) return valid(commune);
    // A delegated commune's code leads to the commune it now belongs to.
    const resolved = commune && commune.type !== "commune-actuelle" && commune.parentCode ? findCommune(commune.parentCode) : commune;
    return resolved ? valid(resolved) : invalid("Ce code de commune (code INSEE) n'existe pas : choisissez la commune dans la liste.");
  }
  const narrowed = NARROWED.exec(typed);
  const name = normaliseCommuneName(narrowed?.[1] ?? typed);
  const narrowing = (narrowed?.[2] ?? narrowed?.[3])?.toUpperCase();
  const postalCode = narrowing?.length === 5 ? narrowing : undefined;
  const departement = narrowing && !postalCode ? narrowing : undefined;
  const fits = (commune: Commune) =>
    (!departement || commune.departement === departement.padStart(2, "0")) && (!postalCode || commune.codesPostaux.includes(postalCode));

  const maps = communesByName();
  let matches = (maps.current.get(name) ?? []).filter(fits);
  if (matches.length === 0 && options.formerCommunes) matches = (maps.former.get(name) ?? []).filter(fits);
  if (matches.length === 1) return valid(matches[0]!);
  if (matches.length === 0) {
    if (departement) return invalid(`Aucune commune de ce nom dans le département ${departement} : vérifiez-le.`);
    if (postalCode) return invalid(`Aucune commune de ce nom n'a le code postal ${postalCode} : vérifiez-le.`);
    return invalid("Cette commune est introuvable : vérifiez son nom ou choisissez-la dans la liste.");
  }
  const departements = [...new Set(matches.map((commune) => commune.departement))].join(", ");
  const example = `${narrowed?.[1] ?? typed} (${matches[0]!.departement})`;
  return invalid(`Plusieurs communes portent ce nom (départements ${departements}) : précisez le département entre parenthèses, par exemple « ${example} ».`);
}
