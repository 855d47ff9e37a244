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
  /** The request's version and time after the save, when it was saved in one statement (a draft kept in memory starts from them). */
  saved?: { version: string; updatedAt: Date };
}

/** A field's id from an input name: `menage[1].nom` → `menage`, `adresse.code_postal` → `adresse`. */
export function fieldIdOfInput(name: string): string {
  return name.split(/[[.]/, 1)[0]!;
}

// Relaxed once per step of a definition (definitions are kept by version and never change).
const relaxedSteps = new WeakMap<ProcedureDefinition, Map<string, ProcedureDefinition>>();

/** The definition as a draft's step is checked: nothing required on that step, every value still checked for its shape. */
function relaxedFor(definition: ProcedureDefinition, stepId: string): ProcedureDefinition {
  let byStep = relaxedSteps.get(definition);
  if (!byStep) relaxedSteps.set(definition, (byStep = new Map()));
  let relaxed = byStep.get(stepId);
  if (!relaxed) {
    relaxed = { ...definition, étapes: definition.étapes.map((candidate) => (candidate.id === stepId ? withoutRequirements(candidate) : candidate)) };
    byStep.set(stepId, relaxed);
  }
  return relaxed;
}

function withoutRequirements(step: Step): Step {
  const relax = <F extends Field>(field: F): F => {
    if (field.type === "explication") return field;
    const relaxed = { ...field, obligatoire: false };
    if (relaxed.type === "groupe") return { ...relaxed, minimum: 0, sous_champs: relaxed.sous_champs.map(relax) } as F;
    return relaxed as F;
  };
  return { ...step, champs: step.champs.map(relax) };
}

interface StepInput {
  /** With `version` (as read with it), the step is saved in one statement while nothing wrote the request or its applicant since. */
  request: Pick<ApplicantRequest, "id" | "status" | "applicantId" | "organisationId" | "procedureId"> & { version?: string; applicantIdentity?: CivilIdentity };
  definition: ProcedureDefinition;
  stepId: string;
  form: PostedForm;
  today: string;
}

/**
 * The step merged into given stored answers (pure: the same for the same stored answers). Every
 * value typed is checked for its shape (a date, an amount, a SIRET…); a required field may still
 * be empty (a long request is filled over several sessions: required-ness is checked at
 * submission). Valid values replace the step's stored answers; a value in error is not stored
 * (the field keeps its previous answer) and its message is returned so the page comes back with
 * what was typed. Answers hidden by a condition are dropped. A locked prefilled field takes its
 * source's value, whatever the form says (the page shows it read-only; a forged post changes
 * nothing).
 */
async function stepMerger(deps: { db: Db }, input: StepInput): Promise<(storedAnswers: Answers) => SaveStepOutcome> {
  if (!isEditable(input.request.status)) throw new RequestNotEditableError();
  const { definition, stepId } = input;
  const step = definition.étapes.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`Unknown step ${stepId}`);
  const relaxed = relaxedFor(definition, stepId);
  const { applicantId, organisationId, procedureId, applicantIdentity } = input.request;
  const locked = applicantId
    ? await resolvePrefill(deps.db, { definition, procedureId, applicantId, organisationId, today: input.today, applicantIdentity }, { fields: step.champs, lockedOnly: true })
    : new Map();
  return (storedAnswers) => {
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
}

/**
 * Saves one step of a draft (see stepMerger). Two saves at once (two tabs, the script's autosave
 * and a button, two processes) each keep their step: the merge into the answers read with the
 * request is written only if nothing wrote the request or its applicant since (`version`, which
 * must come from the same read as `answers`), otherwise it is done again with the row locked.
 */
export async function saveStep(deps: { db: Db; clock: Clock }, input: StepInput & { request: { answers?: Answers } }): Promise<SaveStepOutcome> {
  const mergeInto = await stepMerger(deps, input);
  const { answers: seen, version, applicantId } = input.request;
  if (seen !== undefined && version !== undefined && applicantId && input.request.status === "draft") {
    const outcome = mergeInto(seen);
    const saved = await updateDraftAnswersIfUnchanged(deps.db, { requestId: input.request.id, applicantId, version, answers: outcome.answers, currentStep: input.stepId, now: deps.clock.now() });
    if (saved !== undefined) return { ...outcome, saved };
  }
  return deps.db.transaction().execute(async (trx) => {
    const stored = await lockRequestAnswers(trx, input.request.id);
    if (!stored || !isEditable(stored.status)) throw new RequestNotEditableError();
    const outcome = mergeInto(stored.answers);
    const saved = await updateDraftAnswers(trx, { requestId: input.request.id, answers: outcome.answers, currentStep: input.stepId, now: deps.clock.now() });
    if (!saved) throw new RequestNotEditableError();
    return outcome;
  });
}

/**
 * Saves one step of a draft read earlier (a draft kept in memory, kept-drafts.ts) for the person
 * `accountId` only if the request is still theirs and nothing wrote it or its applicant since it
 * was read at `version`: one statement. Undefined when something did: nothing is written, and the
 * caller reads the request again (who may still save it, and what it holds now).
 */
export async function saveStepIfUnchanged(
  deps: { db: Db; clock: Clock },
  input: StepInput & { accountId: string; request: { answers: Answers; version: string } },
): Promise<Required<SaveStepOutcome> | undefined> {
  const outcome = (await stepMerger(deps, input))(input.request.answers);
  const saved = await updateDraftAnswersIfUnchanged(deps.db, {
    requestId: input.request.id,
    applicantId: input.accountId,
    version: input.request.version,
    answers: outcome.answers,
    currentStep: input.stepId,
    now: deps.clock.now(),
  });
  return saved === undefined ? undefined : { ...outcome, saved };
}
