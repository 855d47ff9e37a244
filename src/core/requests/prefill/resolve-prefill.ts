/**
 * Reads the sources a procedure's fields are prefilled from, for one applicant (and the
 * organisation their request is filed for), and gives each prefilled field its value and whether
 * it is locked. Only the records some field needs are read; the organisation's only when the
 * applicant is an active member of it, so a request never shows another organisation's record.
 */
import type { Db } from "../../../platform/db/database.ts";
import { findCivilIdentity, type CivilIdentity } from "../../accounts/civil-identity.ts";
import { findLegalRepresentative, findRecordOfActiveMember } from "../../organisations/queries/record.ts";
import type { AnswerValue } from "../../procedures/answers/values.ts";
import { prefillSourceSpec, type PrefillOrigin } from "../../procedures/definition/prefill-sources.ts";
import type { AnswerableField, Field, Prefill, ProcedureDefinition } from "../../procedures/definition/schema.ts";
import { findLastFiledAnswers } from "../queries/prefill.ts";
import { sourceValue, type SourceRecords } from "./source-values.ts";

export interface ResolvedPrefill {
  field: AnswerableField;
  prefill: Prefill;
  origin: PrefillOrigin;
  /** The source's answer for the field now; undefined when the record has none. */
  value: AnswerValue | undefined;
  /** Shown read-only, never taken from the form, read again at filing. */
  locked: boolean;
  /**
   * The source's record could be read (the account; the organisation's record, while the
   * applicant is an active member). When it cannot, a locked field keeps its stored answer.
   */
  available: boolean;
  /** The account's identity came from FranceConnect. */
  verified: boolean;
  /** For « demande-précédente »: when the request it is taken from was filed. */
  previousFiledAt?: Date;
}

export interface PrefillContext {
  definition: ProcedureDefinition;
  procedureId: string;
  applicantId: string;
  organisationId: string | null;
  /** The request being shown or saved, once it exists: never its own "previous request". */
  requestId?: string;
  /** "AAAA-MM-JJ" in Europe/Paris, for dates checked as past or future. */
  today: string;
  /** The applicant's civil identity when the caller read it already (with the request): not read again. */
  applicantIdentity?: CivilIdentity | undefined;
}

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" });
/** The day of `date` in Europe/Paris, "AAAA-MM-JJ": what date fields are checked against. */
export const parisDay = (date: Date) => dayFormat.format(date);

type Prefilled = AnswerableField & { préremplissage: Prefill };
const isPrefilled = (field: Field): field is Prefilled => field.type !== "explication" && field.préremplissage !== undefined;

/** The prefilled fields among `fields` (default: every field of the procedure), by id; `locked` keeps only those the definition locks. */
export async function resolvePrefill(db: Db, context: PrefillContext, options: { fields?: readonly Field[]; lockedOnly?: boolean } = {}): Promise<Map<string, ResolvedPrefill>> {
  const fields = (options.fields ?? context.definition.étapes.flatMap((step) => step.champs)).filter(isPrefilled).filter((field) => !options.lockedOnly || field.préremplissage.verrouillé);
  const resolved = new Map<string, ResolvedPrefill>();
  if (fields.length === 0) return resolved;
  const sources = fields.map((field) => field.préremplissage.source);
  const wants = (test: (source: string) => boolean) => sources.some(test);
  const organisationId = context.organisationId;
  const [identity, record, representative, previous] = await Promise.all([
    wants((source) => source.startsWith("compte.")) ? (context.applicantIdentity ?? findCivilIdentity(db, context.applicantId)) : undefined,
    organisationId && wants((source) => source.startsWith("structure.") || source.startsWith("membre.")) ? findRecordOfActiveMember(db, organisationId, context.applicantId) : undefined,
    organisationId && wants((source) => source.startsWith("structure.représentant-légal.")) ? findLegalRepresentative(db, organisationId) : undefined,
    wants((source) => source === "demande-précédente") ? findLastFiledAnswers(db, { procedureId: context.procedureId, applicantId: context.applicantId, organisationId, exceptRequestId: context.requestId }) : undefined,
  ]);
  // The representative is the organisation's record too: read only for its active members.
  const records: SourceRecords = { identity, record, representative: record ? representative : undefined, previous };
  const verified = identity?.verified === true;
  for (const field of fields) {
    const prefill = field.préremplissage;
    const spec = prefillSourceSpec(prefill.source);
    const locked = prefill.verrouillé === true && (spec.lockable === "oui" || (spec.lockable === "identité-vérifiée" && verified));
    const available = spec.origin === "compte" ? identity !== undefined : spec.origin === "demande-précédente" ? true : record !== undefined;
    resolved.set(field.id, {
      field,
      prefill,
      origin: spec.origin,
      available,
      value: sourceValue(field, prefill, records, context.today),
      locked,
      verified: spec.origin === "compte" && verified,
      ...(spec.origin === "demande-précédente" && previous ? { previousFiledAt: previous.filedAt } : {}),
    });
  }
  return resolved;
}
