/**
 * What a checked answer looks like once normalised, by field type. Answers are stored under
 * the field's stable id, so these shapes are part of the stored data: change them only with a
 * migration of the answers.
 */
export interface AddressValue {
  /** Number and street ("12 rue des Lilas"). */
  ligne: string;
  /** Building, staircase, "lieu-dit" (may be empty). */
  complément: string;
  codePostal: string;
  /** La Poste's commune name for this postal code, and its INSEE code. */
  commune: string;
  codeInsee: string;
}

export interface CommuneValue {
  /** INSEE code ("69123"). */
  code: string;
  nom: string;
  departement: string;
}

export type LeafValue =
  /** texte-court, texte-long, email, choix-unique, liste-deroulante, siret, nir, iban, telephone (E.164), date (AAAA-MM-JJ). */
  | string
  /** nombre; montant in integer cents. */
  | number
  /** oui-non. */
  | boolean
  /** cases-a-cocher: the option values ticked, in the definition's order. */
  | string[]
  | AddressValue
  | CommuneValue;

/** groupe: one record of sub-field answers per item. */
export type GroupValue = Record<string, LeafValue>[];

export type AnswerValue = LeafValue | GroupValue;

/** A request's answers so far, by field id. */
export type Answers = Record<string, AnswerValue>;

/** A form body as it arrives: strings, or lists of strings for repeated names (checkboxes). */
export type PostedForm = Record<string, unknown>;
