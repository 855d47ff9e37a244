/**
 * A prefill source's value for one field, from the records it reads: the source gives what a
 * person would type (the INSEE code of a commune, the ISO date, the address lines) and the
 * field's own check turns it into the stored answer, exactly as if it had been typed. A source
 * value the field refuses (too long, a CEDEX address…) is simply not prefilled.
 */
import { checkAnswers } from "../../procedures/answers/check-answers.ts";
import { checkField } from "../../procedures/answers/check-field.ts";
import type { AnswerValue, GroupValue, PostedForm } from "../../procedures/answers/values.ts";
import type { AnswerableField, GroupField, Prefill } from "../../procedures/definition/schema.ts";
import type { PrefillSource } from "../../procedures/definition/prefill-sources.ts";
import type { CivilIdentity } from "../../accounts/civil-identity.ts";
import type { LegalRepresentative, RecordOfMember } from "../../organisations/queries/record.ts";
import { answersToForm } from "../fields/form-values.ts";

/** What the sources of one request read, each only when a field needs it. */
export interface SourceRecords {
  identity?: CivilIdentity | undefined;
  /** The organisation acted for, only when the applicant is one of its active members. */
  record?: RecordOfMember | undefined;
  representative?: LegalRepresentative | undefined;
  previous?: { filedAt: Date; answers: Record<string, AnswerValue> } | undefined;
}

type Raw = string | { ligne: string; complement: string; code_postal: string; commune: string } | null | undefined;

/** The source's value as typed in the field's input(s); undefined or null when the record has none. */
function rawValue(source: Exclude<PrefillSource, "demande-précédente">, records: SourceRecords): Raw {
  const { identity, record, representative } = records;
  switch (source) {
    case "compte.civilité":
      return identity?.civility;
    case "compte.nom":
      return identity?.lastName;
    case "compte.prénom":
      return identity?.firstName;
    case "compte.email":
      return identity?.email;
    case "compte.date-naissance":
      return identity?.birthDate;
    case "compte.commune-naissance":
      return identity?.birthCommuneCode;
    case "compte.pays-naissance":
      return identity?.birthCountryCode;
    case "compte.sexe":
      return identity?.sex;
    case "compte.nir":
      return identity?.nir;
    case "structure.raison-sociale":
      return record?.name;
    case "structure.siret":
      return record?.siret;
    case "structure.rna":
      return record?.rna;
    case "structure.numéro-client":
      return record?.clientNumber;
    case "structure.adresse":
      // An address abroad has no French postal code to check: left to the applicant.
      if (!record || record.country) return undefined;
      return { ligne: record.addressStreet, complement: record.addressBuilding ?? "", code_postal: record.postalCode, commune: record.communeName };
    case "structure.telephone":
      return record?.phone;
    case "structure.email":
      return record?.email;
    case "structure.représentant-légal.nom":
      return representative?.lastName;
    case "structure.représentant-légal.prénom":
      return representative?.firstName;
    case "structure.représentant-légal.nom-complet":
      return representative ? `${representative.firstName} ${representative.lastName}` : undefined;
    case "structure.représentant-légal.fonction":
      return representative?.function;
    case "structure.représentant-légal.telephone":
      return representative?.phone;
    case "structure.représentant-légal.email":
      return representative?.email;
    case "membre.fonction":
      return record?.memberFunction;
    case "membre.telephone":
      return record?.memberPhone;
    case "membre.email":
      return record?.memberEmail;
  }
}

/** The answer the source gives this field, checked as the field checks a typed one; undefined when none fits. */
export function sourceValue(field: AnswerableField, prefill: Prefill, records: SourceRecords, today: string): AnswerValue | undefined {
  if (field.type === "groupe") return prefill.source === "demande-précédente" ? carriedItems(field, prefill, records, today) : undefined;
  if (prefill.source === "demande-précédente") return undefined;
  const raw = rawValue(prefill.source, records);
  if (raw === undefined || raw === null || raw === "") return undefined;
  const form: PostedForm = {};
  if (typeof raw === "string") form[field.id] = raw;
  else for (const [part, text] of Object.entries(raw)) form[`${field.id}.${part}`] = text;
  const outcome = checkField({ ...field, obligatoire: false }, form, field.id, { today });
  return outcome.ok ? outcome.value : undefined;
}

/** The sub-fields a group carries over from the previous request (all unless the definition lists some). */
export function carriedSubFields(group: GroupField, prefill: Prefill): string[] {
  return group.sous_champs.filter((sub) => sub.type !== "explication" && (!prefill.sous_champs || prefill.sous_champs.includes(sub.id))).map((sub) => sub.id);
}

/** The previous request's items with only the carried sub-fields, checked again against this version's group. */
function carriedItems(group: GroupField, prefill: Prefill, records: SourceRecords, today: string): GroupValue | undefined {
  const previous = records.previous?.answers[group.id];
  if (!Array.isArray(previous) || previous.length === 0) return undefined;
  const carried = carriedSubFields(group, prefill);
  const items = previous
    .filter((item): item is Record<string, never> => typeof item === "object" && item !== null && !Array.isArray(item))
    .map((item) => Object.fromEntries(Object.entries(item).filter(([key]) => carried.includes(key))));
  // Required-ness is checked at filing: the month's own sub-fields are still to be answered.
  const relaxed: GroupField = { ...group, obligatoire: false, minimum: 0, sous_champs: group.sous_champs.map((sub) => (sub.type === "explication" ? sub : { ...sub, obligatoire: false })) };
  const check = checkAnswers([relaxed], answersToForm([relaxed], { [group.id]: items }), { today });
  const value = check.values[group.id];
  return Array.isArray(value) && value.length > 0 ? (value as GroupValue) : undefined;
}
