import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { checkStep, shownAnswers } from "../../core/procedures/answers/check-answers.ts";
import type { Answers, PostedForm } from "../../core/procedures/answers/values.ts";
import { describeChanges } from "../../core/requests/changes.ts";
import { missingItems, shownSteps } from "../../core/requests/completeness.ts";
import { withLockedInputs } from "../../core/requests/prefill/apply-prefill.ts";
import { resolvePrefill } from "../../core/requests/prefill/resolve-prefill.ts";
import type { ModificationChange } from "../../core/requests/queries/asks.ts";
import { lockRequestValidity, updateFiledAnswers } from "../../core/requests/queries/renewal.ts";
import { findVersionDefinition, insertEvent, listRequestDocuments } from "../../core/requests/queries/requests.ts";
import { updateRefusal } from "../../core/requests/validity.ts";
import { queueWebhookEvent } from "../../core/partner-api/webhook-events.ts";
import { OPEN_CONTRIBUTION, RenewalRefusedError, UpdateConflictError } from "./errors.ts";
import { listRequestAsks } from "../../core/requests/queries/asks.ts";

async function hasOpenModificationAsk(db: Db, requestId: string): Promise<boolean> {
  return (await listRequestAsks(db, requestId)).some((ask) => ask.kind === "modification" && ask.status === "open");
}

/** The applicant's request locked, or NotFoundError (another person's, or unknown). */
export async function lockOwnRequestValidity(db: Db, input: { requestId: string; accountId: string }) {
  const request = await lockRequestValidity(db, input.requestId);
  if (!request || request.applicantId !== input.accountId) throw new NotFoundError();
  const { answersText, ...rest } = request;
  return { ...rest, answers: JSON.parse(answersText) as Answers };
}

/**
 * "Mettre à jour ma demande", one step: the applicant changes a step of a filed (or
 * in-instruction) request whose procedure allows updates (`mise_a_jour_apres_depot`). In one
 * transaction, the request locked: refused (RenewalRefusedError) once the request is decided,
 * closed, abandoned or expired; refused (UpdateConflictError) when it was updated since the page
 * was read (`version`: two tabs, two updates at once — no answer is lost silently); the step is
 * checked as at filing, and the whole request must stay complete (a condition may show a step).
 * Then the answers are written (number and filing date untouched), the history gets a
 * "request.updated" line with what changed (before / after, in words), the job mails the PDF of
 * the changes, the partners' `demande.reponses-modifiees` webhook is queued, and the audit trail
 * records it. Nothing changed: nothing recorded.
 */
export async function saveUpdateStep(
  deps: { db: Db; clock: Clock; jobs: Jobs },
  input: { requestId: string; accountId: string; stepId: string; form: PostedForm; today: string; version: number },
  context: { ip?: string | null } = {},
): Promise<{ errors: Record<string, string>; changes: ModificationChange[] }> {
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockOwnRequestValidity(trx, input);
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const refusal = updateRefusal(definition, request.status);
    if (refusal) throw new RenewalRefusedError(refusal);
    // While the service waits for a contribution for modification, the answers change through it only.
    if (await hasOpenModificationAsk(trx, request.id)) throw new RenewalRefusedError(OPEN_CONTRIBUTION);
    if (request.answersVersion !== input.version) throw new UpdateConflictError();
    const before = request.answers;
    const step = shownSteps(definition, before).find((candidate) => candidate.id === input.stepId);
    if (!step) throw new NotFoundError();
    const locked = await resolvePrefill(
      trx,
      { definition, procedureId: request.procedureId, applicantId: input.accountId, organisationId: request.organisationId, today: input.today },
      { fields: step.champs, lockedOnly: true },
    );
    const form = withLockedInputs(step.champs, input.form, locked, before);
    const check = checkStep(definition, step.id, form, { today: input.today, answers: before });
    if (Object.keys(check.errors).length > 0) return { errors: check.errors, changes: [] };
    const merged: Answers = { ...before };
    for (const field of step.champs) {
      const value = check.values[field.id];
      if (value === undefined) delete merged[field.id];
      else merged[field.id] = value;
    }
    const after = shownAnswers(definition, merged);
    // The request stays as complete as at filing: an answer that shows another step's required
    // fields or documents must wait for a contribution asked by the service.
    const missing = missingItems(definition, { answers: after }, await listRequestDocuments(trx, request.id));
    if (missing.length > 0) {
      const firstField = step.champs.find((field) => field.type !== "explication")?.id ?? step.id;
      const items = missing.map((item) => `« ${item.label} » (${item.stepTitle})`).join(", ");
      return { errors: { [firstField]: `Avec cette réponse, votre demande ne serait plus complète : il faudrait aussi renseigner ${items}. Gardez la réponse précédente, ou écrivez au service instructeur.` }, changes: [] };
    }
    const changes = describeChanges(definition, before, after);
    if (changes.length === 0) return { errors: {}, changes };
    const now = deps.clock.now();
    if (!(await updateFiledAnswers(trx, { requestId: request.id, answers: after, version: input.version, now }))) throw new UpdateConflictError();
    await insertEvent(trx, { requestId: request.id, occurredAt: now, actorId: input.accountId, event: "request.updated", details: { changes, fields: changes.map((change) => change.fieldId) } });
    await deps.jobs.enqueue("request-pdf-mail", { kind: "update-summary", requestId: request.id, updatedAt: now.toISOString(), changes }, trx);
    await queueWebhookEvent(deps, trx, { event: "demande.reponses-modifiees", requestId: request.id, applicantId: request.applicantId, data: { modification: { nature: "reponses", champs: changes.map((change) => change.fieldId) } } });
    await audit(trx, deps.clock, { event: "request.updated", accountId: input.accountId, actorId: input.accountId, ip: context.ip ?? null, details: { requestId: request.id, number: request.number, fields: changes.length } });
    return { errors: {}, changes };
  });
}
