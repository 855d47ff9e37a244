/**
 * Checks a step's form as posted: every field in order, repeatable groups from their indexed
 * names (`menage[0].nom`, `menage[1].nom`…), conditions evaluated on the answers above. A field
 * whose condition is not met is hidden: it is neither required nor kept, whatever was posted.
 */
import type { DocumentRequest, Field, GroupField, ProcedureDefinition } from "../definition/schema.ts";
import { checkField, postedList, postedText, type CheckContext } from "./check-field.ts";
import { conditionHolds, isAnswered } from "./conditions.ts";
import type { AnswerValue, Answers, GroupValue, LeafValue, PostedForm } from "./values.ts";

/** Most items a group takes when its definition sets no maximum. */
export const DEFAULT_GROUP_MAXIMUM = 50;

export interface AnswersCheck {
  /** Normalised answers of the shown fields that were answered, by field id. */
  values: Answers;
  /** French messages by input name (`revenu`, `menage[1].nom`, `adresse.code_postal`). */
  errors: Record<string, string>;
}

export interface StepCheckContext extends CheckContext {
  /** Answers of the earlier steps, on which conditions may depend. */
  answers?: Answers;
}

/** Checks the fields of one step (or any list of fields) against a posted form. */
export function checkAnswers(fields: readonly Field[], form: PostedForm, context: StepCheckContext): AnswersCheck {
  const values: Answers = {};
  const errors: Record<string, string> = {};
  const ownIds = new Set(fields.map((field) => field.id));
  // This step's fields are read from what was just posted, never from an older saved answer.
  const answerOf = (id: string) => (ownIds.has(id) ? values[id] : context.answers?.[id]);
  for (const field of fields) {
    if (field.type === "explication" || !conditionHolds(field.condition, answerOf)) continue;
    if (field.type === "groupe") {
      const group = checkGroup(field, form, context, answerOf);
      Object.assign(errors, group.errors);
      if (group.value.length > 0 && Object.keys(group.errors).length === 0) values[field.id] = group.value;
      continue;
    }
    const outcome = checkField(field, form, field.id, context);
    if (!outcome.ok) Object.assign(errors, outcome.errors);
    else if (outcome.value !== undefined) values[field.id] = outcome.value;
  }
  return { values, errors };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The indexes of a group's items present in the form, in order. Indexes are bounded to three
 * digits so that a forged form cannot make the server walk a million items.
 */
export function postedGroupIndexes(group: { id: string }, form: PostedForm): number[] {
  const pattern = new RegExp(`^${escapeRegExp(group.id)}\\[(\\d{1,3})\\]\\.`);
  const indexes = new Set<number>();
  for (const key of Object.keys(form)) {
    const match = pattern.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

function checkGroup(group: GroupField, form: PostedForm, context: CheckContext, outer: (id: string) => AnswerValue | undefined): { value: GroupValue; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const value: GroupValue = [];
  const maximum = group.maximum ?? DEFAULT_GROUP_MAXIMUM;
  const minimum = group.minimum ?? (group.obligatoire ? 1 : 0);
  // An item left entirely blank (the empty row a form offers) is no item.
  const items = postedGroupIndexes(group, form).filter((index) =>
    Object.keys(form).some((key) => key.startsWith(`${group.id}[${index}].`) && (postedText(form, key) !== "" || postedList(form, key).length > 0)),
  );
  if (items.length > maximum) {
    errors[group.id] = `Vous ne pouvez pas ajouter plus de ${maximum} ${maximum > 1 ? "éléments" : "élément"} : retirez-en ${items.length - maximum}.`;
    return { value, errors };
  }
  for (const index of items) {
    const item: Record<string, LeafValue> = {};
    const answerOf = (id: string) => (group.sous_champs.some((sub) => sub.id === id) ? item[id] : outer(id));
    for (const sub of group.sous_champs) {
      if (sub.type === "explication" || !conditionHolds(sub.condition, answerOf)) continue;
      const outcome = checkField(sub, form, `${group.id}[${index}].${sub.id}`, context);
      if (!outcome.ok) Object.assign(errors, outcome.errors);
      else if (outcome.value !== undefined) item[sub.id] = outcome.value;
    }
    value.push(item);
  }
  if (items.length < minimum) {
    const what = minimum === 1 ? "un élément" : `${minimum} éléments`;
    errors[group.id] = `Ajoutez au moins ${what}${group.libellé_élément ? ` « ${group.libellé_élément} »` : ""}.`;
  }
  return { value, errors };
}

/**
 * The answers of the fields that are shown, in the definition's order: a field hidden by its
 * own or its step's condition keeps no answer, so nothing depends on what it held before.
 */
export function shownAnswers(definition: ProcedureDefinition, answers: Answers): Answers {
  const shown: Answers = {};
  const answerOf = (id: string) => shown[id];
  for (const step of definition.étapes) {
    const stepShown = conditionHolds(step.condition, answerOf);
    for (const field of step.champs) {
      if (stepShown && conditionHolds(field.condition, answerOf) && answers[field.id] !== undefined) shown[field.id] = answers[field.id]!;
    }
  }
  return shown;
}

/** Whether a field is shown given all the request's answers (its step's condition and its own). */
export function isFieldShown(definition: ProcedureDefinition, answers: Answers, fieldId: string): boolean {
  const shown = shownAnswers(definition, answers);
  for (const step of definition.étapes) {
    const field = step.champs.find((candidate) => candidate.id === fieldId);
    if (field) return conditionHolds(step.condition, (id) => shown[id]) && conditionHolds(field.condition, (id) => shown[id]);
  }
  return false;
}

/** Whether a step is shown given the answers of the steps before it. */
export function isStepShown(definition: ProcedureDefinition, answers: Answers, stepId: string): boolean {
  const step = definition.étapes.find((candidate) => candidate.id === stepId);
  if (!step) return false;
  const shown = shownAnswers(definition, answers);
  return conditionHolds(step.condition, (id) => shown[id]);
}

/**
 * Checks the form of one step of a procedure against the answers of the other steps. A step
 * hidden by its condition takes no answer.
 */
export function checkStep(definition: ProcedureDefinition, stepId: string, form: PostedForm, context: StepCheckContext): AnswersCheck {
  const step = definition.étapes.find((candidate) => candidate.id === stepId);
  const answers = shownAnswers(definition, context.answers ?? {});
  if (!step || !conditionHolds(step.condition, (id) => answers[id])) return { values: {}, errors: {} };
  return checkAnswers(step.champs, form, { ...context, answers });
}

/** The documents a step asks for, given the answers (those whose condition holds). */
export function requestedDocuments(definition: ProcedureDefinition, stepId: string, answers: Answers): DocumentRequest[] {
  const step = definition.étapes.find((candidate) => candidate.id === stepId);
  const shown = shownAnswers(definition, answers);
  if (!step || !conditionHolds(step.condition, (id) => shown[id])) return [];
  return (step.pièces ?? []).filter((document) => conditionHolds(document.condition, (id) => shown[id]));
}

/**
 * The minimal information still missing before the request may be submitted: the ids of the
 * `informations_minimales` fields that are shown and not answered. Empty: submission allowed.
 */
export function missingMinimalInformation(definition: ProcedureDefinition, answers: Answers): string[] {
  return definition.informations_minimales.filter((id) => isFieldShown(definition, answers, id) && !isAnswered(answers[id]));
}
