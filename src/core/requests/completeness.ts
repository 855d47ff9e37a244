/**
 * What a request still lacks before it can be filed. While drafting, a step may be saved with
 * required fields left empty (people fill a long request over several sessions); required-ness is
 * enforced here, at submission: the minimal information, every required field of every shown
 * step (and of every item of a group), and every required document asked for.
 */
import { shownAnswers } from "../procedures/answers/check-answers.ts";
import { conditionHolds, isAnswered } from "../procedures/answers/conditions.ts";
import type { Answers, LeafValue } from "../procedures/answers/values.ts";
import type { ProcedureDefinition, Step } from "../procedures/definition/schema.ts";

export interface MissingItem {
  stepId: string;
  stepTitle: string;
  /** The field's or document's label, as the step shows it. */
  label: string;
  kind: "field" | "document";
}

/** The first shown step holding one of these field ids (for the "what is missing" links). */
export function stepOfField(definition: ProcedureDefinition, fieldId: string): Step | undefined {
  return definition.étapes.find((step) => step.champs.some((field) => field.id === fieldId));
}

/** Required answers and documents not yet given, step by step, in the definition's order. */
export function missingForSubmission(definition: ProcedureDefinition, answers: Answers, providedDocumentIds: ReadonlySet<string>): MissingItem[] {
  const shown = shownAnswers(definition, answers);
  const answerOf = (id: string) => shown[id];
  const minimal = new Set(definition.informations_minimales);
  const missing: MissingItem[] = [];
  for (const step of definition.étapes) {
    if (!conditionHolds(step.condition, answerOf)) continue;
    const add = (label: string, kind: MissingItem["kind"]) => missing.push({ stepId: step.id, stepTitle: step.titre, label, kind });
    for (const field of step.champs) {
      if (field.type === "explication" || !conditionHolds(field.condition, answerOf)) continue;
      const value = shown[field.id];
      if (field.type === "groupe") {
        const items = Array.isArray(value) ? (value as Record<string, LeafValue>[]) : [];
        const minimum = field.minimum ?? (field.obligatoire || minimal.has(field.id) ? 1 : 0);
        if (items.length < minimum) add(field.libellé, "field");
        items.forEach((item, index) => {
          const itemAnswer = (id: string) => (field.sous_champs.some((sub) => sub.id === id) ? item[id] : answerOf(id));
          for (const sub of field.sous_champs) {
            if (sub.type === "explication" || !sub.obligatoire || !conditionHolds(sub.condition, itemAnswer)) continue;
            if (!isAnswered(item[sub.id])) add(`${field.libellé_élément ?? field.libellé} ${index + 1} : ${sub.libellé}`, "field");
          }
        });
        continue;
      }
      if ((field.obligatoire || minimal.has(field.id)) && !isAnswered(value)) add(field.libellé, "field");
    }
    for (const document of step.pièces ?? []) {
      if (document.obligatoire && conditionHolds(document.condition, answerOf) && !providedDocumentIds.has(document.id)) add(document.libellé, "document");
    }
  }
  return missing;
}

/** The steps shown given the answers, in order. */
export function shownSteps(definition: ProcedureDefinition, answers: Answers): Step[] {
  const shown = shownAnswers(definition, answers);
  return definition.étapes.filter((step) => conditionHolds(step.condition, (id) => shown[id]));
}
