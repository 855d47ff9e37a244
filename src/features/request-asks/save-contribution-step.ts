import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { checkStep, shownAnswers } from "../../core/procedures/answers/check-answers.ts";
import type { Answers, PostedForm } from "../../core/procedures/answers/values.ts";
import { shownSteps } from "../../core/requests/completeness.ts";
import { withLockedInputs } from "../../core/requests/prefill/apply-prefill.ts";
import { resolvePrefill } from "../../core/requests/prefill/resolve-prefill.ts";
import { findVersionDefinition, listRequestDocuments } from "../../core/requests/queries/requests.ts";
import { lockApplicantRequest } from "../../core/requests/request-access.ts";
import { contributionProblems, problemErrors } from "./contribution-checks.ts";
import { AskClosedError } from "./errors.ts";
import { findRequestAnswers, lockOpenAsk, saveOpenAnswer } from "../../core/requests/queries/asks.ts";

/**
 * Saves one unlocked step of a contribution for modification, not yet sent: the edits are kept
 * with the ask (the request itself changes when the contribution is sent, so the agent never
 * reads half of it). The step is checked as at filing, required fields included: on any error
 * nothing is saved and the messages come back. So too when the edits would show or hide anything
 * of a step the agent did not unlock, or ask for a document (a contribution adds none): the
 * message goes to the edited field at its origin (see contributionProblems; a required field of
 * another unlocked step is checked when the contribution is sent). A step the agent did not
 * unlock is a NotFoundError — never a save; a closed ask is AskClosedError. A locked prefilled
 * field keeps its source's value, as on a draft, whatever is posted.
 */
export async function saveContributionStep(
  deps: { db: Db; clock: Clock },
  input: { requestId: string; accountId: string; stepId: string; form: PostedForm; today: string },
): Promise<{ errors: Record<string, string>; answers: Answers }> {
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockApplicantRequest(trx, input);
    const ask = await lockOpenAsk(trx, request.id, "modification");
    if (!ask || request.status !== "in_instruction") throw new AskClosedError();
    if (!ask.unlockedSteps.includes(input.stepId)) throw new NotFoundError();
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const base = ask.answer.draft ?? (await findRequestAnswers(trx, request.id));
    const step = shownSteps(definition, base).find((candidate) => candidate.id === input.stepId);
    if (!step) throw new NotFoundError();
    const locked = await resolvePrefill(
      trx,
      { definition, procedureId: request.procedureId, applicantId: input.accountId, organisationId: request.organisationId, today: input.today },
      { fields: step.champs, lockedOnly: true },
    );
    const form = withLockedInputs(step.champs, input.form, locked, base);
    const check = checkStep(definition, step.id, form, { today: input.today, answers: base });
    if (Object.keys(check.errors).length > 0) return { errors: check.errors, answers: base };
    const merged: Answers = { ...base };
    for (const field of step.champs) {
      const value = check.values[field.id];
      if (value === undefined) delete merged[field.id];
      else merged[field.id] = value;
    }
    const draft = shownAnswers(definition, merged);
    const stored = ask.answer.draft ? await findRequestAnswers(trx, request.id) : base;
    const problems = contributionProblems(definition, { unlockedSteps: ask.unlockedSteps, before: stored, after: draft, documents: await listRequestDocuments(trx, request.id), moment: "step" });
    if (problems.length > 0) {
      const answerable = step.champs.filter((field) => field.type !== "explication");
      const fallback = (answerable.find((field) => !field.condition) ?? answerable[0])?.id ?? step.id;
      const own = (id: string | null): id is string => answerable.some((field) => field.id === id);
      return { errors: problemErrors(problems, (problem) => (own(problem.causeFieldId) ? problem.causeFieldId : fallback)), answers: base };
    }
    await saveOpenAnswer(trx, ask.id, { draft });
    return { errors: {}, answers: draft };
  });
}
