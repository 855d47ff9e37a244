import type { Db } from "../../platform/db/database.ts";
import { requestedDocuments } from "../../core/procedures/answers/check-answers.ts";
import type { ProcedureDefinition, Step } from "../../core/procedures/definition/schema.ts";
import { shownSteps } from "../../core/requests/completeness.ts";
import { listRequestDocuments, type ApplicantRequest } from "../../core/requests/queries/requests.ts";
import { minimalMissingItems, missingItems } from "../../core/requests/completeness.ts";
import { stepPrefill } from "../../core/requests/prefill/step-prefill.ts";
import { findPublishedTitles } from "../../core/help/queries.ts";
import { helpArticleSlugs } from "../../core/requests/fields/index.ts";
import type { StepPageProps } from "./views.tsx";

/**
 * What the request page shows around a step: the shown steps with whether each is complete, the
 * documents this step asks for with the files provided, what is still missing, and where each
 * prefilled answer of the step came from (its locked ones shown as their source has them now).
 */
export async function describeStep(db: Db, request: ApplicantRequest, definition: ProcedureDefinition, step: Step, today: string): Promise<StepPageProps> {
  const [documents, prefill, helpArticles] = await Promise.all([
    listRequestDocuments(db, request.id),
    stepPrefill(db, { request, definition, step, today }),
    findPublishedTitles(db, helpArticleSlugs(step)),
  ]);
  const missing = missingItems(definition, request, documents);
  const minimalMissing = minimalMissingItems(definition, request.answers);
  const incompleteSteps = new Set(missing.map((item) => item.stepId));
  const steps = shownSteps(definition, request.answers).map((shown) => ({
    step: shown,
    // Complete: nothing required is missing, and the person has answered something or provided a file there.
    done:
      !incompleteSteps.has(shown.id) &&
      (shown.champs.some((field) => request.answers[field.id] !== undefined) || documents.some((document) => (shown.pièces ?? []).some((piece) => piece.id === document.documentId))),
  }));
  const slots = requestedDocuments(definition, step.id, request.answers).map((document) => ({ document, files: documents.filter((file) => file.documentId === document.id) }));
  return { request, definition, step, steps, slots, missing, minimalMissing, prefill, helpArticles };
}
