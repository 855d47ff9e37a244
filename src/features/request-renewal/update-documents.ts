import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { deleteUpload, type UploadRecord } from "../../platform/uploads/uploads.ts";
import { requestedDocuments } from "../../core/procedures/answers/check-answers.ts";
import type { Answers } from "../../core/procedures/answers/values.ts";
import type { DocumentRequest, ProcedureDefinition, Step } from "../../core/procedures/definition/schema.ts";
import { describeDocumentChange } from "../../core/requests/changes.ts";
import { shownSteps } from "../../core/requests/completeness.ts";
import { listRequestAsks, type ModificationChange } from "../../core/requests/queries/asks.ts";
import { detachRequestDocument, updateFiledAnswers } from "../../core/requests/queries/renewal.ts";
import { queueWebhookEvent } from "../../core/partner-api/webhook-events.ts";
import { findRequestDocumentByUpload, findVersionDefinition, insertEvent, insertRequestDocument, insertUpload, listRequestDocuments } from "../../core/requests/queries/requests.ts";
import { updateRefusal } from "../../core/requests/validity.ts";
import { DocumentUpdateRefusedError, MAX_FILES_PER_DOCUMENT, OPEN_CONTRIBUTION, RenewalRefusedError, UpdateConflictError } from "./errors.ts";
import { lockOwnRequestValidity } from "./update-request.ts";

type Deps = { db: Db; clock: Clock; jobs: Jobs; config: Pick<Config, "dataDir"> };
type Context = { ip?: string | null };

/** A document a shown step of the request asks for now, with its step; undefined otherwise. */
export function updatableDocument(definition: ProcedureDefinition, answers: Answers, documentId: string): { step: Step; document: DocumentRequest } | undefined {
  for (const step of shownSteps(definition, answers)) {
    const document = requestedDocuments(definition, step.id, answers).find((candidate) => candidate.id === documentId);
    if (document) return { step, document };
  }
  return undefined;
}

/**
 * The request locked and checked as for an update of its answers: the applicant's own (else
 * NotFoundError), its state and procedure allow updates and no contribution for modification is
 * open (else RenewalRefusedError), nobody updated it since `version` was read (else UpdateConflictError).
 */
async function lockUpdatable(trx: Db, input: { requestId: string; accountId: string; version: number }) {
  const request = await lockOwnRequestValidity(trx, input);
  const definition = await findVersionDefinition(trx, request.procedureVersionId);
  const refusal = updateRefusal(definition, request.status);
  if (refusal) throw new RenewalRefusedError(refusal);
  if ((await listRequestAsks(trx, request.id)).some((ask) => ask.kind === "modification" && ask.status === "open")) throw new RenewalRefusedError(OPEN_CONTRIBUTION);
  if (request.answersVersion !== input.version) throw new UpdateConflictError();
  return { request, definition };
}

/**
 * Records a document change as an update: the version moves on (a page read before it is stale),
 * the history gets a "request.updated" line with the change (the agent's cue reads it), the job
 * mails the PDF of the change, the partners' `demande.reponses-modifiees` webhook is queued, and
 * the audit trail records it.
 */
async function recordDocumentChange(
  trx: Db,
  deps: Deps,
  input: { request: { id: string; number: string | null; answers: Answers }; accountId: string; version: number; change: ModificationChange; document: { documentId: string; before: string | null; after: string | null } },
  context: Context,
) {
  const now = deps.clock.now();
  if (!(await updateFiledAnswers(trx, { requestId: input.request.id, answers: input.request.answers, version: input.version, now }))) throw new UpdateConflictError();
  const changes = [input.change];
  await insertEvent(trx, { requestId: input.request.id, occurredAt: now, actorId: input.accountId, event: "request.updated", details: { changes, fields: [input.change.fieldId], documents: [input.document] } });
  await deps.jobs.enqueue("request-pdf-mail", { kind: "update-summary", requestId: input.request.id, updatedAt: now.toISOString(), changes }, trx);
  await queueWebhookEvent(deps, trx, { event: "demande.reponses-modifiees", requestId: input.request.id, applicantId: input.accountId, data: { modification: { nature: "pieces", pieces: [input.document.documentId] } } });
  await audit(trx, deps.clock, {
    event: "request.updated",
    accountId: input.accountId,
    actorId: input.accountId,
    ip: context.ip ?? null,
    details: { requestId: input.request.id, number: input.request.number, documentId: input.document.documentId, before: input.document.before, after: input.document.after },
  });
}

/**
 * "Mettre à jour ma demande", a document: adds a file to a document of a filed request, or
 * replaces one of its files (`replacing`, an upload id of the same document). The caller stored
 * the file under the document's formats and size (checked by content); if anything refuses, the
 * new file is deleted. The replaced file leaves the request but its stored file is kept (the
 * event names it). Rules as for the answers (lockUpdatable), and at most 10 files a document.
 */
export async function updateDocument(deps: Deps, input: { requestId: string; accountId: string; documentId: string; upload: UploadRecord; replacing: string | null; version: number }, context: Context = {}): Promise<ModificationChange> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const { request, definition } = await lockUpdatable(trx, input);
      const asked = updatableDocument(definition, request.answers, input.documentId);
      if (!asked) throw new NotFoundError();
      const files = (await listRequestDocuments(trx, request.id)).filter((file) => file.documentId === input.documentId);
      const replaced = input.replacing ? files.find((file) => file.uploadId === input.replacing) : undefined;
      if (input.replacing && !replaced) throw new UpdateConflictError();
      if (!replaced && files.length >= MAX_FILES_PER_DOCUMENT) throw new DocumentUpdateRefusedError(`Vous avez déjà joint ${MAX_FILES_PER_DOCUMENT} fichiers pour cette pièce : supprimez-en un ou remplacez-le.`);
      if (replaced) await detachRequestDocument(trx, replaced.id);
      await insertUpload(trx, input.upload);
      await insertRequestDocument(trx, { requestId: request.id, documentId: input.documentId, uploadId: input.upload.id, uploadedBy: input.accountId, now: deps.clock.now() });
      const beforeNames = files.map((file) => file.originalName);
      const afterNames = [...files.filter((file) => file !== replaced).map((file) => file.originalName), input.upload.originalName];
      const change = describeDocumentChange(asked.step, asked.document, beforeNames, afterNames);
      await recordDocumentChange(trx, deps, { request, accountId: input.accountId, version: input.version, change, document: { documentId: input.documentId, before: replaced?.uploadId ?? null, after: input.upload.id } }, context);
      return change;
    });
  } catch (error) {
    await deleteUpload(deps, input.upload);
    throw error;
  }
}

/** Said when the last file of a required document would go. */
export const REQUIRED_DOCUMENT = "Cette pièce est obligatoire : vous ne pouvez pas supprimer son seul fichier. Remplacez-le plutôt par le nouveau fichier.";

/**
 * "Mettre à jour ma demande", removing one file of a document of a filed request: refused
 * (DocumentUpdateRefusedError) when it is the last file of a required document — replace it
 * instead. The file leaves the request; its stored file is kept for the history.
 */
export async function removeUpdateDocument(deps: Deps, input: { requestId: string; accountId: string; uploadId: string; version: number }, context: Context = {}): Promise<{ change: ModificationChange; stepId: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const { request, definition } = await lockUpdatable(trx, input);
    const provided = await findRequestDocumentByUpload(trx, request.id, input.uploadId);
    if (!provided) throw new NotFoundError();
    const asked = updatableDocument(definition, request.answers, provided.documentId);
    if (!asked) throw new NotFoundError();
    const files = (await listRequestDocuments(trx, request.id)).filter((file) => file.documentId === provided.documentId);
    if (asked.document.obligatoire && files.length <= 1) throw new DocumentUpdateRefusedError(REQUIRED_DOCUMENT);
    await detachRequestDocument(trx, provided.id);
    const change = describeDocumentChange(
      asked.step,
      asked.document,
      files.map((file) => file.originalName),
      files.filter((file) => file.uploadId !== input.uploadId).map((file) => file.originalName),
    );
    await recordDocumentChange(trx, deps, { request, accountId: input.accountId, version: input.version, change, document: { documentId: provided.documentId, before: provided.uploadId, after: null } }, context);
    return { change, stepId: asked.step.id };
  });
}
