/**
 * A commune as a visitor types it on the housing pages: a name ("Saint-Denis (93)", "Cergy
 * 95000"), a postal code (which may serve several communes) or an INSEE code. The communes found
 * are today's communes of the official list: an arrondissement of Paris, Lyon or Marseille gives
 * the city, a delegated commune the commune it belongs to (the operator's figures are per commune).
 */
import { invalid, valid, type Check } from "../../platform/french/check.ts";
import { checkCommuneName } from "../../platform/french/commune-names.ts";
import { communesForPostalCode, findCommune, type Commune } from "../../platform/french/communes.ts";

export interface CommuneSearch {
  communes: Commune[];
  /** The postal code typed, when the search was one. */
  postalCode?: string;
}

/** Today's commune for an INSEE code of the official list (arrondissement → city). */
export function currentCommune(code: string): Commune | undefined {
  const commune = findCommune(code);
  if (commune && commune.type !== "commune-actuelle" && commune.parentCode) return findCommune(commune.parentCode);
  return commune;
}

/** Finds the communes a visitor means; several only for a postal code that serves several. */
export function searchCommunes(input: string): Check<CommuneSearch> {
  const typed = input.trim();
  if (typed === "") return invalid("Saisissez le nom ou le code postal de la commune.");
  const compact = typed.replace(/\s/g, "");
  if (/^\d{5}$/.test(compact)) {
    const served = communesForPostalCode(compact);
    if (served.length > 0) {
      const communes = new Map<string, Commune>();
      for (const entry of served) {
        const commune = currentCommune(entry.code);
        if (commune) communes.set(commune.code, commune);
      }
      const sorted = [...communes.values()].sort((a, b) => a.nom.localeCompare(b.nom, "fr"));
      return valid({ communes: sorted, postalCode: compact });
    }
    const byCode = currentCommune(compact);
    if (byCode) return valid({ communes: [byCode] });
    return invalid(`Aucune commune n'a le code postal ${compact} : vérifiez-le.`);
  }
  if (/^\d+$/.test(compact)) return invalid("Un code postal comporte 5 chiffres, par exemple 93200.");
  const checked = checkCommuneName(typed);
  if (!checked.ok) return checked;
  return valid({ communes: [currentCommune(checked.value.code) ?? checked.value] });
}

/** One commune, or a message asking to choose among those a postal code serves. */
export function searchOneCommune(input: string): Check<Commune> {
  const found = searchCommunes(input);
  if (!found.ok) return found;
  const [first, ...others] = found.value.communes;
  if (first && others.length === 0) return valid(first);
  const names = found.value.communes.map((commune) => commune.nom);
  const shown = names.length > 8 ? `${names.slice(0, 8).join(", ")}…` : names.join(", ");
  return invalid(`Le code postal ${found.value.postalCode} dessert plusieurs communes (${shown}) : précisez la commune, par exemple « ${first!.nom} ${found.value.postalCode} ».`);
}
