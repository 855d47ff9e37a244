import { sql } from "kysely";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { generateRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { missingMinimalInformation } from "../../core/procedures/answers/check-answers.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { missingForSubmission, stepOfField, type MissingItem } from "../../core/requests/completeness.ts";
import { RequestNotEditableError } from "../../core/requests/errors.ts";
import type { DocumentLine } from "../../core/requests/pdf.ts";
import { findApplicantRequest, listRequestDocuments, lockRequest, type ApplicantRequest, type ProvidedDocument } from "../../core/requests/queries/requests.ts";
import { applyTransition } from "../../core/requests/state-machine.ts";

export type SubmitOutcome = { filed: true; number: string } | { filed: false; missing: MissingItem[] };

const NUMBER_ATTEMPTS = 5;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
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

/**
 * Files a draft ("Déposer ma demande"): in one transaction, with the request locked, checks the
 * minimal information, every shown step's required fields and required documents; gives the
 * request its number (a new draw on the rare unique violation), applies the `file` transition
 * (recorded in the history), and queues the job that builds the filing receipt and mails it
 * (mail-filing-receipt.ts) — so it runs only once the filing is committed, on the committed
 * state. Missing items are returned, nothing changes.
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
    const documents = await listRequestDocuments(trx, request.id);
    const missing = missingItems(definition, request, documents);
    if (missing.length > 0) return { filed: false, missing };

    let number: string;
    for (let attempt = 1; ; attempt++) {
      number = (deps.drawNumber ?? generateRequestNumber)(definition.préfixe_numéro);
      // A savepoint, so a number already taken costs one draw, not the whole filing.
      await sql`savepoint request_number`.execute(trx);
      try {
        await applyTransition({ clock: deps.clock }, trx, { requestId: request.id, transition: "file", actorId: input.accountId, fields: { number } });
        await sql`release savepoint request_number`.execute(trx);
        break;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= NUMBER_ATTEMPTS) throw error;
        await sql`rollback to savepoint request_number`.execute(trx);
      }
    }
    // The receipt is built and mailed by a job, from the committed filing.
    if (request.applicantEmail) await deps.jobs.enqueue("request-pdf-mail", { kind: "filing-receipt", requestId: request.id }, trx);
    return { filed: true, number };
  });
}
