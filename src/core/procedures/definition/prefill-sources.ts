/**
 * Where a field's answer may come from ("dites-le-nous une fois"): the names a definition writes
 * in `préremplissage.source`, the field types each fits, and whether the field may be locked.
 * Kept without TypeBox, like names.ts, so that the requests core and the pages read it cheaply.
 *
 * A field may be locked only when its source is something the applicant cannot get wrong on the
 * form: the organisation's SIRET and client number (from the operator's register), its RNA
 * (the record, changed in "Ma structure"), and the civil identity once FranceConnect verified it
 * (`verrouillable: "identité-vérifiée"`: an identity the person typed stays editable on the form).
 */
/** Whose record a source reads: the account, the organisation acted for, the membership, or an earlier request. */
export type PrefillOrigin = "compte" | "structure" | "membre" | "demande-précédente";

export interface PrefillSourceSpec {
  origin: PrefillOrigin;
  /** Field types this source's value fits (plain strings: schema.ts builds its union from this file). */
  types: readonly string[];
  /** May the definition lock it: always, never, or only once FranceConnect verified the identity. */
  lockable: "oui" | "non" | "identité-vérifiée";
  /** Option values a choice field must offer for this source's values to fit. */
  optionValues?: readonly string[];
}

const TEXT = ["texte-court", "texte-long"] as const;
const CHOICE = ["choix-unique", "liste-deroulante"] as const;

export const PREFILL_SOURCES = {
  "compte.civilité": { origin: "compte", types: CHOICE, lockable: "non", optionValues: ["M.", "Mme"] },
  "compte.nom": { origin: "compte", types: TEXT, lockable: "identité-vérifiée" },
  "compte.prénom": { origin: "compte", types: TEXT, lockable: "identité-vérifiée" },
  "compte.email": { origin: "compte", types: ["email"], lockable: "non" },
  "compte.date-naissance": { origin: "compte", types: ["date"], lockable: "identité-vérifiée" },
  "compte.commune-naissance": { origin: "compte", types: ["commune"], lockable: "identité-vérifiée" },
  /** Option values are INSEE country codes ("99100" for France). */
  "compte.pays-naissance": { origin: "compte", types: CHOICE, lockable: "identité-vérifiée" },
  "compte.sexe": { origin: "compte", types: CHOICE, lockable: "identité-vérifiée", optionValues: ["F", "M"] },
  "compte.nir": { origin: "compte", types: ["nir"], lockable: "non" },
  "structure.raison-sociale": { origin: "structure", types: TEXT, lockable: "non" },
  "structure.siret": { origin: "structure", types: ["siret"], lockable: "oui" },
  "structure.rna": { origin: "structure", types: ["rna"], lockable: "oui" },
  "structure.numéro-client": { origin: "structure", types: TEXT, lockable: "oui" },
  "structure.adresse": { origin: "structure", types: ["adresse"], lockable: "non" },
  "structure.telephone": { origin: "structure", types: ["telephone"], lockable: "non" },
  "structure.email": { origin: "structure", types: ["email"], lockable: "non" },
  "structure.représentant-légal.nom": { origin: "structure", types: TEXT, lockable: "non" },
  "structure.représentant-légal.prénom": { origin: "structure", types: TEXT, lockable: "non" },
  /** "Claire Martin": first name then last name, for a single "nom et prénom" field. */
  "structure.représentant-légal.nom-complet": { origin: "structure", types: TEXT, lockable: "non" },
  "structure.représentant-légal.fonction": { origin: "structure", types: TEXT, lockable: "non" },
  "structure.représentant-légal.telephone": { origin: "structure", types: ["telephone"], lockable: "non" },
  "structure.représentant-légal.email": { origin: "structure", types: ["email"], lockable: "non" },
  "membre.fonction": { origin: "membre", types: TEXT, lockable: "non" },
  "membre.telephone": { origin: "membre", types: ["telephone"], lockable: "non" },
  "membre.email": { origin: "membre", types: ["email"], lockable: "non" },
  /** The same group's answer in the applicant's (or organisation's) last filed request of this procedure. */
  "demande-précédente": { origin: "demande-précédente", types: ["groupe"], lockable: "non" },
} as const satisfies Record<string, PrefillSourceSpec>;

export type PrefillSource = keyof typeof PREFILL_SOURCES;
export const PREFILL_SOURCE_NAMES = Object.keys(PREFILL_SOURCES) as PrefillSource[];

export function prefillSourceSpec(source: PrefillSource): PrefillSourceSpec {
  return PREFILL_SOURCES[source];
}
