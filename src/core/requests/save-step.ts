import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { CivilIdentity } from "../accounts/civil-identity.ts";
import { checkStep, shownAnswers } from "../procedures/answers/check-answers.ts";
import type { Answers, PostedForm } from "../procedures/answers/values.ts";
import type { Field, ProcedureDefinition, Step } from "../procedures/definition/schema.ts";
import { RequestNotEditableError } from "./errors.ts";
import { isEditable } from "./policies.ts";
import { withLockedInputs } from "./prefill/apply-prefill.ts";
import { resolvePrefill } from "./prefill/resolve-prefill.ts";
import { lockRequestAnswers, updateDraftAnswers, updateDraftAnswersIfUnchanged, type ApplicantRequest } from "./queries/requests.ts";

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
 * so the page comes back with what was typed. Answers hidden by a condition are dropped. Two
 * saves at once (two tabs, the script's autosave and a button) each keep their step: the merge is
 * written only if the stored answers are still those it started from, otherwise it is done again
 * with the row locked. A locked prefilled field takes its source's value, whatever the
 * form says (the page shows it read-only; a forged post changes nothing).
 */
export async function saveStep(
  deps: { db: Db; clock: Clock },
  input: {
    /** With the answers read with it, the step is saved in one statement when nothing changed them since. */
    request: Pick<ApplicantRequest, "id" | "status" | "applicantId" | "organisationId" | "procedureId"> & { answers?: Answers; applicantIdentity?: CivilIdentity };
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
  const { applicantId, organisationId, procedureId, applicantIdentity } = input.request;
  const locked = applicantId
    ? await resolvePrefill(deps.db, { definition, procedureId, applicantId, organisationId, today: input.today, applicantIdentity }, { fields: step.champs, lockedOnly: true })
    : new Map();
  /** The step merged into the stored answers (pure: the same for the same stored answers). */
  const mergeInto = (storedAnswers: Answers): SaveStepOutcome => {
    const form = withLockedInputs(step.champs, input.form, locked, storedAnswers);
    const check = checkStep(relaxed, stepId, form, { today: input.today, answers: storedAnswers });
    const inError = new Set(Object.keys(check.errors).map(fieldIdOfInput));
    const merged: Answers = { ...storedAnswers };
    for (const field of step.champs) {
      if (inError.has(field.id)) continue;
      const value = check.values[field.id];
      if (value === undefined) delete merged[field.id];
      else merged[field.id] = value;
    }
    return { answers: shownAnswers(definition, merged), errors: check.errors };
  };
  // The answers the caller read with the request: merged and saved in one statement, provided no
  // other save changed them meanwhile (compare-and-set). Otherwise, locked in a transaction.
  const seen = input.request.answers;
  if (seen !== undefined && input.request.status === "draft") {
    const outcome = mergeInto(seen);
    if (await updateDraftAnswersIfUnchanged(deps.db, { requestId: input.request.id, expected: seen, answers: outcome.answers, currentStep: stepId, now: deps.clock.now() })) return outcome;
  }
  return deps.db.transaction().execute(async (trx) => {
    const stored = await lockRequestAnswers(trx, input.request.id);
    if (!stored || !isEditable(stored.status)) throw new RequestNotEditableError();
    const outcome = mergeInto(stored.answers);
    const saved = await updateDraftAnswers(trx, { requestId: input.request.id, answers: outcome.answers, currentStep: stepId, now: deps.clock.now() });
    if (!saved) throw new RequestNotEditableError();
    return outcome;
  });
}
