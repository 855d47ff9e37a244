/**
 * The short lists of the organisation record's forms: "Type de tiers" (seed 000) and the
 * member's function within the organisation (seed 001, "parmi les fonctions proposées dans le
 * menu déroulant").
 */

/** "Type de tiers": the stored value is the code, the page shows the label. */
export const entityTypes = [
  { value: "association", label: "Association" },
  { value: "commune", label: "Commune" },
  { value: "epci", label: "Établissement public de coopération intercommunale" },
  { value: "syndicat", label: "Syndicat intercommunal ou mixte" },
  { value: "departement", label: "Département" },
  { value: "region", label: "Région" },
  { value: "collectivite-outre-mer", label: "Collectivité d'outre-mer" },
  { value: "ccas", label: "Centre communal ou intercommunal d'action sociale" },
  { value: "etablissement-public", label: "Établissement public" },
  { value: "entreprise", label: "Entreprise" },
  { value: "organisme-hlm", label: "Organisme HLM" },
  { value: "sem", label: "Société d'économie mixte" },
  { value: "fondation", label: "Fondation" },
  { value: "autre", label: "Autre" },
] as const;

const entityTypeLabels = new Map<string, string>(entityTypes.map((type) => [type.value, type.label]));

/** Lower case, without accents or extra spaces: how a stored type is compared with the list. */
const folded = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
const entityTypeCodes = new Map<string, string>(entityTypes.flatMap((type) => [[folded(type.value), type.value], [folded(type.label), type.value]]));

export function isEntityType(value: string): boolean {
  return entityTypeLabels.has(value);
}

/**
 * The list's code for a stored type. Databases seeded before the demo stored the code kept the
 * label ("Commune"), which the form then offered beside the list's own "Commune": a stored code or
 * label, in any case or accents, reads as the list's code; anything else (an import) is kept as is.
 */
export function normaliseEntityType(stored: string): string {
  return entityTypeCodes.get(folded(stored)) ?? stored;
}

/** The label of a stored type; a value from elsewhere (an import) is shown as it is. */
export function entityTypeLabel(value: string): string {
  return entityTypeLabels.get(normaliseEntityType(value)) ?? value;
}

/**
 * Functions offered to a member. The label itself is stored (services only ask that a function
 * be given); "Autre" asks the person to write theirs, and that text is stored instead.
 */
export const memberFunctions = [
  "Maire",
  "Adjoint au maire",
  "Directeur général des services",
  "Directeur / Directrice",
  "Directeur financier",
  "Comptable",
  "Président / Présidente",
  "Trésorier / Trésorière",
  "Secrétaire",
  "Chargé de mission",
  "Gestionnaire",
] as const;

/** The select's value for a function written by the person. */
export const OTHER_FUNCTION = "Autre";

export function isListedFunction(value: string): boolean {
  return (memberFunctions as readonly string[]).includes(value);
}
