/**
 * The zone of the social housing income ceilings (arrêté du 29 juillet 1987, as published each
 * year): "Paris et communes limitrophes", "Île-de-France hors Paris et communes limitrophes",
 * "Autres régions". Derived from the commune's INSEE code: Paris (75), the 29 communes bordering
 * it (listed below by code), the other départements of Île-de-France (77, 78, 91, 92, 93, 94,
 * 95), and the rest of France.
 */
import type { HousingZone } from "../../platform/db/schema.ts";

export type { HousingZone };

/** The 29 communes bordering Paris, by INSEE code (as the ceilings' tables list them). */
export const PARIS_NEIGHBOURS: ReadonlyMap<string, string> = new Map([
  ["92012", "Boulogne-Billancourt"],
  ["92024", "Clichy"],
  ["92040", "Issy-les-Moulineaux"],
  ["92044", "Levallois-Perret"],
  ["92046", "Malakoff"],
  ["92049", "Montrouge"],
  ["92051", "Neuilly-sur-Seine"],
  ["92062", "Puteaux"],
  ["92064", "Saint-Cloud"],
  ["92073", "Suresnes"],
  ["92075", "Vanves"],
  ["93001", "Aubervilliers"],
  ["93006", "Bagnolet"],
  ["93045", "Les Lilas"],
  ["93048", "Montreuil"],
  ["93055", "Pantin"],
  ["93061", "Le Pré-Saint-Gervais"],
  ["93066", "Saint-Denis"],
  ["93070", "Saint-Ouen-sur-Seine"],
  ["94018", "Charenton-le-Pont"],
  ["94033", "Fontenay-sous-Bois"],
  ["94037", "Gentilly"],
  ["94041", "Ivry-sur-Seine"],
  ["94042", "Joinville-le-Pont"],
  ["94043", "Le Kremlin-Bicêtre"],
  ["94052", "Nogent-sur-Marne"],
  ["94067", "Saint-Mandé"],
  ["94069", "Saint-Maurice"],
  ["94080", "Vincennes"],
]);

const ILE_DE_FRANCE = new Set(["75", "77", "78", "91", "92", "93", "94", "95"]);

export const ZONES: readonly HousingZone[] = ["paris", "ile-de-france", "autres-regions"];

export const ZONE_LABELS: Record<HousingZone, string> = {
  paris: "Paris et communes limitrophes",
  "ile-de-france": "Île-de-France hors Paris et communes limitrophes",
  "autres-regions": "Autres régions",
};

/** The zone of a commune by its INSEE code ("75056", a Paris arrondissement "75112", "2A004"). */
export function housingZone(communeCode: string): HousingZone {
  const code = communeCode.trim().toUpperCase();
  const departement = code.slice(0, 2);
  if (departement === "75" || PARIS_NEIGHBOURS.has(code)) return "paris";
  if (ILE_DE_FRANCE.has(departement)) return "ile-de-france";
  return "autres-regions";
}

/** Why a commune is in its zone, in a sentence for the answer page. */
export function zoneReason(communeCode: string, communeName: string): string {
  const zone = housingZone(communeCode);
  if (zone === "paris") {
    return communeCode.startsWith("75") ? `${communeName} est Paris.` : `${communeName} est une commune limitrophe de Paris.`;
  }
  if (zone === "ile-de-france") return `${communeName} est en Île-de-France (département ${communeCode.slice(0, 2)}) sans être limitrophe de Paris.`;
  return `${communeName} est hors d'Île-de-France.`;
}
