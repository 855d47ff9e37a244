import type { AnswerValue, Answers, LeafValue } from "../procedures/answers/values.ts";
import type { Field, ProcedureDefinition } from "../procedures/definition/schema.ts";
import { leafText } from "./presentation.ts";
import type { ModificationChange } from "./queries/asks.ts";

const NOT_ANSWERED = "Non renseigné";

/** An answer in words, a repeatable group as its items one after the other. */
export function answerText(field: Field, value: AnswerValue | undefined): string {
  if (value === undefined || field.type === "explication") return NOT_ANSWERED;
  if (field.type === "groupe") {
    const items = Array.isArray(value) ? (value as Record<string, LeafValue>[]) : [];
    if (items.length === 0) return NOT_ANSWERED;
    return items
      .map((item, index) => {
        const parts = field.sous_champs.flatMap((sub) => (sub.type === "explication" || item[sub.id] === undefined ? [] : [`${sub.libellé} : ${leafText(sub, item[sub.id]!)}`]));
        return `${field.libellé_élément ?? "Élément"} ${index + 1} (${parts.join(", ")})`;
      })
      .join(" ; ");
  }
  return leafText(field, value as LeafValue);
}

/**
 * What differs between two sets of answers, field by field in the definition's order, as words:
 * what the applicant changed (a condition may also have hidden or shown an answer elsewhere).
 */
export function describeChanges(definition: ProcedureDefinition, before: Answers, after: Answers): ModificationChange[] {
  const changes: ModificationChange[] = [];
  for (const step of definition.étapes) {
    for (const field of step.champs) {
      if (field.type === "explication") continue;
      if (JSON.stringify(before[field.id] ?? null) === JSON.stringify(after[field.id] ?? null)) continue;
      changes.push({ stepId: step.id, stepTitle: step.titre, fieldId: field.id, label: field.libellé, before: answerText(field, before[field.id]), after: answerText(field, after[field.id]) });
    }
  }
  return changes;
}

/** No file left for a document, in a change's words. */
export const NO_FILE = "Aucun fichier";

/**
 * A document's files changed on a filed request (an update by the applicant), as a change like
 * the answers': « Pièce « Avis d'imposition » », before and after as the files' names.
 */
export function describeDocumentChange(step: { id: string; titre: string }, document: { id: string; libellé: string }, before: readonly string[], after: readonly string[]): ModificationChange {
  const names = (files: readonly string[]) => (files.length === 0 ? NO_FILE : files.join(", "));
  return { stepId: step.id, stepTitle: step.titre, fieldId: `piece:${document.id}`, label: `Pièce « ${document.libellé} »`, before: names(before), after: names(after) };
}
