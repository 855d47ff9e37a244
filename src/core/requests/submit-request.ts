import { isDeepStrictEqual } from "node:util";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { withSavepoint } from "../../platform/db/savepoint.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { generateRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import type { ProcedureDefinition } from "../procedures/definition/schema.ts";
import { shownAnswers } from "../procedures/answers/check-answers.ts";
import { missingItems, type MissingItem } from "./completeness.ts";
import { RequestNotEditableError } from "./errors.ts";
import { withLockedAnswers } from "./prefill/apply-prefill.ts";
import { parisDay, resolvePrefill } from "./prefill/resolve-prefill.ts";
import { findApplicantRequest, listRequestDocuments, lockRequest, updateDraftAnswers } from "./queries/requests.ts";
import { applyTransition } from "./state-machine.ts";
import { setRequestValidity } from "./queries/renewal.ts";
import { validityEnd } from "./validity.ts";

export type SubmitOutcome = { filed: true; number: string } | { filed: false; missing: MissingItem[] };

const NUMBER_ATTEMPTS = 5;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

/**
 * Files a draft ("Déposer ma demande"): in one transaction, with the request locked, checks the
 * minimal information, every shown step's required fields and required documents; gives the
 * request its number (a new draw on the rare unique violation), applies the `file` transition
 * (recorded in the history), and queues the job that builds the filing receipt and mails it
 * (mail-filing-receipt.ts) — so it runs only once the filing is committed, on the committed
 * state. Locked prefilled answers are first read again from their source, so what is filed is
 * what the source says now. Missing items are returned, nothing else changes.
 */
export async function submitRequest(
  deps: { db: Db; clock: Clock; jobs: Jobs; /** Draws a number (tests give a sequence to make a collision happen). */ drawNumber?: (prefix: string) => string },
  input: { requestId: string; accountId: string; definition: ProcedureDefinition },
): Promise<SubmitOutcome> {
  const { definition } = input;
  return deps.db.transaction().execute(async (trx) => {
    const locked = await lockRequest(trx, input.requestId);
    const request = locked ? await findApplicantRequest(trx, input.requestId, input.accountId) : undefined;
    if (!request || request.status !== "draft") throw new RequestNotEditableError();
    const lockedFields = await resolvePrefill(
      trx,
      { definition, procedureId: request.procedureId, applicantId: input.accountId, organisationId: request.organisationId, today: parisDay(deps.clock.now()), applicantIdentity: request.applicantIdentity },
      { lockedOnly: true },
    );
    if (lockedFields.size > 0) {
      const answers = shownAnswers(definition, withLockedAnswers(request.answers, lockedFields));
      if (!isDeepStrictEqual(answers, request.answers)) {
        await updateDraftAnswers(trx, { requestId: request.id, answers, currentStep: request.currentStep ?? definition.étapes[0]!.id, now: deps.clock.now() });
        request.answers = answers;
      }
    }
    const documents = await listRequestDocuments(trx, request.id);
    const missing = missingItems(definition, request, documents);
    if (missing.length > 0) return { filed: false, missing };

    let number: string;
    for (let attempt = 1; ; attempt++) {
      number = (deps.drawNumber ?? generateRequestNumber)(definition.préfixe_numéro);
      // A savepoint, so a number already taken costs one draw, not the whole filing.
      try {
        await withSavepoint(trx, "request_number", () => applyTransition({ clock: deps.clock, jobs: deps.jobs }, trx, { requestId: request.id, transition: "file", actorId: input.accountId, fields: { number } }));
        break;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= NUMBER_ATTEMPTS) throw error;
      }
    }
    // A procedure may give its requests a validity from filing (issue 12: renewal).
    const validUntil = validityEnd(definition, deps.clock.now());
    if (validUntil) await setRequestValidity(trx, { requestId: request.id, validUntil, renewedAt: null, now: deps.clock.now() });
    // The receipt is built and mailed by a job, from the committed filing.
    if (request.applicantEmail) await deps.jobs.enqueue("request-pdf-mail", { kind: "filing-receipt", requestId: request.id }, trx);
    return { filed: true, number };
  });
}
