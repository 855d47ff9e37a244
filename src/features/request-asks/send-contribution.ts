import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { queueWebhookEvent } from "../../core/partner-api/webhook-events.ts";
import { findApplicantContact } from "../../core/requests/queries/agents.ts";
import { shownAnswers } from "../../core/procedures/answers/check-answers.ts";
import type { Answers } from "../../core/procedures/answers/values.ts";
import { findAttachedAgentContact } from "../../core/requests/queries/messages.ts";
import { shownSteps } from "../../core/requests/completeness.ts";
import { findVersionDefinition, listRequestDocuments } from "../../core/requests/queries/requests.ts";
import { lockApplicantRequest } from "../../core/requests/request-access.ts";
import { describeChanges } from "../../core/requests/changes.ts";
import { contributionProblems, problemErrors, stepErrorKey } from "./contribution-checks.ts";
import { AskClosedError } from "./errors.ts";
import { agentNoticeMail } from "./mails.ts";
import { closeAsk, findProcedureSlug, findRequestAnswers, insertAskEvent, lockOpenAsk, updateRequestAnswers, type ModificationChange } from "../../core/requests/queries/asks.ts";

/**
 * "Envoyer ma contribution": the applicant's edits of the unlocked steps become the request's
 * answers; the ask is answered with what changed (before / after, in words). In one
 * transaction: the answers, the ask, the history line, the applicant's confirmation mail with the
 * PDF of what changed attached, the notice to the agent who asked (if they still process the
 * procedure), the partners' `demande.reponses-modifiees` webhook, the audit event. FormError (keyed `etape-<step id>`, the unlocked step to edit) when
 * the edits would show or hide anything of a step the agent did not unlock, or leave the request
 * without something the filing checks require (see contributionProblems): nothing changes and the
 * edits are kept. AskClosedError when there is no open modification ask (answered, cancelled).
 */
export async function sendContribution(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config; jobs: Jobs },
  input: { requestId: string; accountId: string },
  context: { ip?: string | null } = {},
): Promise<{ changes: ModificationChange[] }> {
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockApplicantRequest(trx, input);
    const ask = await lockOpenAsk(trx, request.id, "modification");
    if (!ask || request.status !== "in_instruction" || !request.number) throw new AskClosedError();
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const before = await findRequestAnswers(trx, request.id);
    const draft = ask.answer.draft ?? before;
    // Only the unlocked steps' fields are taken from the edits, whatever the draft holds.
    const after: Answers = { ...before };
    for (const step of definition.étapes.filter((candidate) => ask.unlockedSteps.includes(candidate.id))) {
      for (const field of step.champs) {
        if (draft[field.id] === undefined) delete after[field.id];
        else after[field.id] = draft[field.id]!;
      }
    }
    const problems = contributionProblems(definition, { unlockedSteps: ask.unlockedSteps, before, after, documents: await listRequestDocuments(trx, request.id), moment: "send" });
    if (problems.length > 0) {
      // Each message goes to a step the contribution page shows (an unlocked one), else the first.
      const shown = shownSteps(definition, after).filter((step) => ask.unlockedSteps.includes(step.id)).map((step) => step.id);
      const fallback = shown[0] ?? ask.unlockedSteps[0] ?? "contribution";
      throw new FormError(problemErrors(problems, (problem) => stepErrorKey(problem.stepId && shown.includes(problem.stepId) ? problem.stepId : fallback)));
    }
    const answers = shownAnswers(definition, after);
    const changes = describeChanges(definition, before, answers);
    const now = deps.clock.now();
    await updateRequestAnswers(trx, { requestId: request.id, answers, now });
    await closeAsk(trx, { askId: ask.id, status: "answered", answer: { changes }, now });
    await insertAskEvent(trx, { requestId: request.id, occurredAt: now, actorId: input.accountId, event: "ask.modification_answered", details: { askId: ask.id, fields: changes.map((change) => change.fieldId) } });

    const contact = await findApplicantContact(trx, request.id);
    const reference = { id: request.id, number: request.number, procedureTitle: definition.titre };
    const to = contact?.applicantEmail ?? contact?.accountEmail;
    // The confirmation with the PDF of what changed is built and mailed by a job, once committed.
    if (to) await deps.jobs.enqueue("request-pdf-mail", { kind: "modification-summary", requestId: request.id, askId: ask.id }, trx);
    // As for messages: only an agent who still processes the procedure (attached, active) is told.
    const agent = ask.askedBy ? await findAttachedAgentContact(trx, ask.askedBy, request.procedureId) : undefined;
    if (agent) await deps.mailer.queue(trx, agent.email, await agentNoticeMail(deps.config, agent, { ...reference, slug: await findProcedureSlug(trx, request.procedureId) }, "modification"));
    await queueWebhookEvent(deps, trx, {
      event: "demande.reponses-modifiees",
      requestId: request.id,
      applicantId: request.applicantId,
      data: { modification: { nature: "contribution", champs: changes.map((change) => change.fieldId) } },
    });
    await audit(trx, deps.clock, { event: "request.ask_answered", actorId: input.accountId, ip: context.ip ?? null, details: { requestId: request.id, askId: ask.id, kind: "modification", fields: changes.length } });
    return { changes };
  });
}
