/**
 * What the resolved sources do to a request: the draft's first answers, the posted form of a
 * step with its locked fields put back to their source (whatever was posted for them), the
 * answers at filing with the locked ones read again, and the sentence each prefilled field shows.
 */
import { isDeepStrictEqual } from "node:util";
import type { AnswerValue, Answers, PostedForm } from "../../procedures/answers/values.ts";
import type { Field, GroupField } from "../../procedures/definition/schema.ts";
import { answersToForm } from "../fields/form-values.ts";
import type { ResolvedPrefill } from "./resolve-prefill.ts";
import { carriedSubFields } from "./source-values.ts";

/** The answers a draft starts with: every source that has a value. */
export function prefilledAnswers(resolved: Map<string, ResolvedPrefill>): Answers {
  const answers: Answers = {};
  for (const [id, { value }] of resolved) if (value !== undefined) answers[id] = value;
  return answers;
}

const inputsOf = (fieldId: string, name: string) => name === fieldId || name.startsWith(`${fieldId}.`) || name.startsWith(`${fieldId}[`);

/**
 * The form as posted, with every locked field's inputs replaced by its source's value (removed
 * when the source has none), or by the stored answer when the source cannot be read.
 */
export function withLockedInputs(fields: readonly Field[], form: PostedForm, resolved: Map<string, ResolvedPrefill>, stored: Answers): PostedForm {
  const locked = fields.filter((field) => resolved.get(field.id)?.locked);
  if (locked.length === 0) return form;
  const kept = Object.fromEntries(Object.entries(form).filter(([name]) => !locked.some((field) => inputsOf(field.id, name))));
  const lockedAnswers: Answers = {};
  for (const field of locked) {
    const entry = resolved.get(field.id)!;
    const value = entry.available ? entry.value : stored[field.id];
    if (value !== undefined) lockedAnswers[field.id] = value;
  }
  return { ...kept, ...answersToForm(locked, lockedAnswers) };
}

/** The answers with every locked field set to its source's value now (removed when it has none; kept when the source cannot be read). */
export function withLockedAnswers(answers: Answers, resolved: Map<string, ResolvedPrefill>): Answers {
  const updated: Answers = { ...answers };
  for (const [id, { locked, value, available }] of resolved) {
    if (!locked || !available || !(id in answers || value !== undefined)) continue;
    if (value === undefined) delete updated[id];
    else updated[id] = value;
  }
  return updated;
}

/** How a prefilled field says where its answer came from, and where its source is changed. */
export interface PrefillNote {
  text: string;
  locked: boolean;
  link?: { href: string; label: string };
}

const longDate = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "numeric", month: "long", year: "numeric" });
const frenchDay = (date: Date) => longDate.format(date).replace(/^1 /, "1er ");

/** A group's items reduced to the sub-fields carried over: what "unchanged since the previous request" compares. */
function carriedPart(group: GroupField, resolved: ResolvedPrefill, value: AnswerValue | undefined): unknown {
  if (!Array.isArray(value)) return value;
  const carried = carriedSubFields(group, resolved.prefill);
  return value.map((item) => (typeof item === "object" && item !== null && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => carried.includes(key))) : item));
}

/**
 * The note of each prefilled field whose answer is still the source's (a locked one always):
 * once the applicant changes an answer, it is theirs and says nothing. `requestWord` names the
 * earlier request as the procedure does ("déclaration", "demande").
 */
export function prefillNotes(resolved: Map<string, ResolvedPrefill>, answers: Answers, context: { organisationId: string | null; requestWord: string }): Record<string, PrefillNote> {
  const notes: Record<string, PrefillNote> = {};
  for (const [id, entry] of resolved) {
    const answer = answers[id];
    const unchanged =
      entry.value !== undefined &&
      (entry.field.type === "groupe" ? isDeepStrictEqual(carriedPart(entry.field, entry, answer), carriedPart(entry.field, entry, entry.value)) : isDeepStrictEqual(answer, entry.value));
    if (!entry.locked && !unchanged) continue;
    notes[id] = noteOf(entry, context);
  }
  return notes;
}

function noteOf(entry: ResolvedPrefill, context: { organisationId: string | null; requestWord: string }): PrefillNote {
  const locked = entry.locked;
  switch (entry.origin) {
    case "compte":
      if (entry.verified && locked) return { text: "Identité vérifiée par FranceConnect : ce champ ne peut pas être modifié.", locked };
      return { text: "Prérempli depuis votre compte.", locked, ...(locked ? { link: { href: "/mon-compte", label: "Modifier dans Mon compte" } } : {}) };
    case "structure":
    case "membre": {
      const text = entry.origin === "structure" ? "Prérempli depuis la fiche de votre structure." : "Prérempli depuis vos coordonnées de membre de la structure.";
      const link = locked && context.organisationId ? { link: { href: `/structures/${context.organisationId}`, label: "Modifier dans Ma structure" } } : {};
      return { text: locked ? `${text} Ce champ ne peut pas être modifié ici.` : text, locked, ...link };
    }
    case "demande-précédente":
      return { text: entry.previousFiledAt ? `Repris de votre ${context.requestWord} du ${frenchDay(entry.previousFiledAt)}.` : `Repris de votre ${context.requestWord} précédente.`, locked };
  }
}
