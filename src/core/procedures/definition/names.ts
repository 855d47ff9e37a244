import type { FieldType } from "./schema.ts";

/** French names of the field types, in the order the validator lists them. */
export const FIELD_TYPE_NAMES: Record<FieldType, string> = {
  "texte-court": "texte court",
  "texte-long": "texte long",
  nombre: "nombre",
  montant: "montant en euros",
  date: "date",
  "choix-unique": "choix unique (boutons radio)",
  "liste-deroulante": "liste déroulante",
  "cases-a-cocher": "cases à cocher",
  "oui-non": "oui / non",
  email: "adresse électronique",
  telephone: "téléphone",
  adresse: "adresse postale",
  commune: "commune",
  siret: "numéro SIRET",
  nir: "numéro de sécurité sociale",
  rna: "numéro RNA (associations)",
  iban: "IBAN",
  groupe: "groupe répétable",
  explication: "texte explicatif (sans réponse)",
};
export const FIELD_TYPES = Object.keys(FIELD_TYPE_NAMES) as FieldType[];

/** Accepted document types and the MIME type their content is checked against. */
export const DOCUMENT_FORMATS = {
  pdf: "application/pdf",
  jpeg: "image/jpeg",
  png: "image/png",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;
export type DocumentFormat = keyof typeof DOCUMENT_FORMATS;
