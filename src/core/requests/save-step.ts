import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { checkStep, shownAnswers } from "../procedures/answers/check-answers.ts";
import type { Answers, PostedForm } from "../procedures/answers/values.ts";
import type { Field, ProcedureDefinition, Step } from "../procedures/definition/schema.ts";
import { RequestNotEditableError } from "./errors.ts";
import { isEditable } from "./policies.ts";
import { withLockedInputs } from "./prefill/apply-prefill.ts";
import { resolvePrefill } from "./prefill/resolve-prefill.ts";
import { lockRequestAnswers, updateDraftAnswers, type ApplicantRequest } from "./queries/requests.ts";

export interface SaveStepOutcome {
  /** The answers now stored. */
  answers: Answers;
  /** French messages by input name for the values that could not be kept (422 on the page). */
  errors: Record<string, string>;
}

/** A field's id from an input name: `menage[1].nom` → `menage`, `adresse.code_postal` → `adresse`. */
export function fieldIdOfInput(name: string): string {
  return name.split(/[[.]/, 1)[0]!;
}

/** The step as a draft is checked: nothing required, every value still checked for its shape. */
function withoutRequirements(step: Step): Step {
  const relax = <F extends Field>(field: F): F => {
    if (field.type === "explication") return field;
    const relaxed = { ...field, obligatoire: false };
    if (relaxed.type === "groupe") return { ...relaxed, minimum: 0, sous_champs: relaxed.sous_champs.map(relax) } as F;
    return relaxed as F;
  };
  return { ...step, champs: step.champs.map(relax) };
}

/**
 * Saves one step of a draft. Every value typed is checked for its shape (a date, an amount, a
 * SIRET…); a required field may still be empty (a long request is filled over several sessions:
 * required-ness is checked at submission). Valid values replace the step's stored answers; a
 * value in error is not stored (the field keeps its previous answer) and its message is returned
 * so the page comes back with what was typed. Answers hidden by a condition are dropped. The row
 * is locked while the answers are merged: two saves at once (two tabs, the script's autosave and
 * a button) each keep their step. A locked prefilled field takes its source's value, whatever the
 * form says (the page shows it read-only; a forged post changes nothing).
 */
export async function saveStep(
  deps: { db: Db; clock: Clock },
  input: {
    request: Pick<ApplicantRequest, "id" | "status" | "applicantId" | "organisationId" | "procedureId">;
    definition: ProcedureDefinition;
    stepId: string;
    form: PostedForm;
    today: string;
  },
): Promise<SaveStepOutcome> {
  if (!isEditable(input.request.status)) throw new RequestNotEditableError();
  const { definition, stepId } = input;
  const step = definition.étapes.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`Unknown step ${stepId}`);
  const relaxed = { ...definition, étapes: definition.étapes.map((candidate) => (candidate.id === stepId ? withoutRequirements(candidate) : candidate)) };
  const { applicantId, organisationId, procedureId } = input.request;
  const locked = applicantId
    ? await resolvePrefill(deps.db, { definition, procedureId, applicantId, organisationId, today: input.today }, { fields: step.champs, lockedOnly: true })
    : new Map();
  return deps.db.transaction().execute(async (trx) => {
    const stored = await lockRequestAnswers(trx, input.request.id);
    if (!stored || !isEditable(stored.status)) throw new RequestNotEditableError();
    const form = withLockedInputs(step.champs, input.form, locked, stored.answers);
    const check = checkStep(relaxed, stepId, form, { today: input.today, answers: stored.answers });
    const inError = new Set(Object.keys(check.errors).map(fieldIdOfInput));
    const merged: Answers = { ...stored.answers };
    for (const field of step.champs) {
      if (inError.has(field.id)) continue;
      const value = check.values[field.id];
      if (value === undefined) delete merged[field.id];
      else merged[field.id] = value;
    }
    const answers = shownAnswers(definition, merged);
    const saved = await updateDraftAnswers(trx, { requestId: input.request.id, answers, currentStep: stepId, now: deps.clock.now() });
    if (!saved) throw new RequestNotEditableError();
    return { answers, errors: check.errors };
  });
}
