/**
 * Finding a commune as a person names it in a form: by INSEE code (what the list sends), or
 * by name, with the département in brackets when several communes share it
 * ("Saint-Denis (93)", "Saint-Denis (974)").
 */
import { invalid, valid, type Check } from "../../../platform/french/check.ts";
import { findCommune, loadReferenceData, normaliseCommuneName, type Commune } from "../../../platform/french/communes.ts";
import type { CommuneValue } from "./values.ts";

let byName: Map<string, Commune[]> | undefined;

/** Current communes (and Paris, Lyon, Marseille's arrondissements are not listed) by normalised name. */
function communesByName(): Map<string, Commune[]> {
  if (byName) return byName;
  byName = new Map();
  for (const commune of loadReferenceData().communes.values()) {
    if (commune.type !== "commune-actuelle") continue;
    const key = normaliseCommuneName(commune.nom);
    byName.set(key, [...(byName.get(key) ?? []), commune]);
  }
  return byName;
}

const toValue = (commune: Commune): CommuneValue => ({ code: commune.code, nom: commune.nom, departement: commune.departement });

export function checkCommune(input: string): Check<CommuneValue> {
  const typed = input.trim();
  if (typed === "") return invalid("Saisissez la commune.");
  if (typed.length > 100) return invalid("Ce nom de commune est trop long : vérifiez-le.");
  if (/^\d[\dAB]\d{3}$/i.test(typed)) {
    const commune = findCommune(typed);
    // A delegated commune's code leads to the commune it now belongs to.
    const current = commune && commune.type !== "commune-actuelle" && commune.parentCode ? findCommune(commune.parentCode) : commune;
    return current ? valid(toValue(current)) : invalid("Ce code de commune (code INSEE) n'existe pas : choisissez la commune dans la liste.");
  }
  const bracket = /^(.*?)\s*\(\s*(\d[\dAB]\d?)\s*\)$/i.exec(typed);
  const name = normaliseCommuneName(bracket?.[1] ?? typed);
  const departement = bracket?.[2]?.toUpperCase();
  const matches = (communesByName().get(name) ?? []).filter((commune) => !departement || commune.departement === departement);
  if (matches.length === 1) return valid(toValue(matches[0]!));
  if (matches.length === 0) {
    return invalid(departement ? `Aucune commune de ce nom dans le département ${departement} : vérifiez-le.` : "Cette commune est introuvable : vérifiez son nom ou choisissez-la dans la liste.");
  }
  const departements = matches.map((commune) => commune.departement).join(", ");
  return invalid(`Plusieurs communes portent ce nom (départements ${departements}) : précisez le département entre parenthèses, par exemple « ${bracket?.[1] ?? typed} (${matches[0]!.departement}) ».`);
}
