/**
 * What a request still lacks before it can be filed. While drafting, a step may be saved with
 * required fields left empty (people fill a long request over several sessions); required-ness is
 * enforced here, at submission: the minimal information, every required field of every shown
 * step (and of every item of a group), and every required document asked for.
 */
import { missingMinimalInformation, shownAnswers } from "../procedures/answers/check-answers.ts";
import type { DocumentLine } from "./pdf.ts";
import type { ApplicantRequest, ProvidedDocument } from "./queries/requests.ts";
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

/** The documents provided, labelled as the definition asks for them, for the PDFs. */
export function documentLines(definition: ProcedureDefinition, documents: ProvidedDocument[]): DocumentLine[] {
  const labels = new Map(definition.étapes.flatMap((step) => (step.pièces ?? []).map((document) => [document.id, document.libellé] as const)));
  return documents.map((document) => ({ label: labels.get(document.documentId) ?? document.documentId, fileName: document.originalName, size: document.size }));
}

/** The minimal information still missing (`informations_minimales`), as items linking to their steps. */
export function minimalMissingItems(definition: ProcedureDefinition, answers: ApplicantRequest["answers"]): MissingItem[] {
  return missingMinimalInformation(definition, answers).flatMap((fieldId) => {
    const step = stepOfField(definition, fieldId);
    const field = step?.champs.find((candidate) => candidate.id === fieldId);
    return step && field ? [{ stepId: step.id, stepTitle: step.titre, label: field.libellé ?? fieldId, kind: "field" as const }] : [];
  });
}

/** Everything still missing: the minimal information first, then each shown step's requirements. */
export function missingItems(definition: ProcedureDefinition, request: Pick<ApplicantRequest, "answers">, documents: ProvidedDocument[]): MissingItem[] {
  const minimal = minimalMissingItems(definition, request.answers);
  const rest = missingForSubmission(definition, request.answers, new Set(documents.map((document) => document.documentId)));
  const seen = new Set(minimal.map((item) => `${item.stepId}/${item.label}`));
  return [...minimal, ...rest.filter((item) => !seen.has(`${item.stepId}/${item.label}`))];
}
