import type { Deps } from "../../platform/http/deps.ts";
import { audit } from "../../platform/audit.ts";
import { storeUpload, deleteUpload } from "../../platform/uploads/uploads.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { parisToday } from "../../core/procedures/catalogue.ts";
import { startRequest } from "../../core/requests/start-request.ts";
import { saveStep } from "../../core/requests/save-step.ts";
import { submitRequest } from "../../core/requests/submit-request.ts";
import { applyTransition, TransitionRefused } from "../../core/requests/state-machine.ts";
import { queueDecisionMail, type AgentTransition } from "../../core/requests/decision-mail.ts";
import { isEditable } from "../../core/requests/policies.ts";
import { ProcedureNotOpenError, RequestNotEditableError } from "../../core/requests/errors.ts";
import { findApplicantRequest, insertEvent, insertRequestDocument, insertUpload, listRequestDocuments, lockRequest } from "../../core/requests/queries/requests.ts";
import { findGrantingAccount, findProcedureRequest } from "../../core/partner-api/queries.ts";
import { problem } from "./problem.ts";

export interface ApiCaller {
  tokenId: string;
  partnerId: string;
  partnerName: string;
}

type Procedure = { id: string; slug: string; definition: ProcedureDefinition };

/**
 * Creates a draft for an account that granted this partner access (« Mon compte », Partenaires
 * autorisés), with the core's startRequest, then saves the answers step by step with saveStep:
 * the same checks as the pages, nothing required yet (filing checks that). Answers in error are
 * not kept and come back as problem details naming each one; the draft stays, as on the pages.
 */
export async function createRequestByApi(deps: Deps, caller: ApiCaller, procedure: Procedure, body: { compte: string; reponses: Record<string, string | string[]> }) {
  const account = await findGrantingAccount(deps.db, { accountId: body.compte, partnerId: caller.partnerId });
  if (!account) throw problem("unprocessable", "Ce compte n'a pas autorisé ce partenaire à déposer des demandes en son nom (« Mon compte », Partenaires autorisés).", { errors: [{ pointer: "/compte", detail: "Compte inconnu ou sans autorisation pour ce partenaire." }] });
  let started;
  try {
    started = await startRequest(deps, { slug: procedure.slug, accountId: account.id, email: account.email, currentOrganisationId: null });
  } catch (error) {
    if (error instanceof ProcedureNotOpenError) throw problem("conflict", "Cette démarche n'est pas ouverte aux nouvelles demandes.");
    throw error;
  }
  if (!started.started) throw problem("unprocessable", "Cette démarche est déposée au nom d'une structure : elle n'est pas encore ouverte à l'API.");
  let request = (await findApplicantRequest(deps.db, started.requestId, account.id))!;
  const errors: { pointer: string; detail: string }[] = [];
  for (const step of procedure.definition.étapes) {
    const saved = await saveStep(deps, { request, definition: procedure.definition, stepId: step.id, form: body.reponses, today: parisToday(deps.clock) });
    // The next step starts from what this one wrote (its version), not from the first read.
    if (saved.saved) request = { ...request, answers: saved.answers, ...saved.saved };
    for (const [name, detail] of Object.entries(saved.errors)) errors.push({ pointer: `/reponses/${escapePointer(name)}`, detail });
  }
  await audit(deps.db, deps.clock, { event: "api.request_created", accountId: account.id, details: { requestId: started.requestId, partnerId: caller.partnerId, tokenId: caller.tokenId } });
  const row = await findProcedureRequest(deps.db, { procedureId: procedure.id, requestId: started.requestId });
  return { row: row!, errors };
}

function escapePointer(name: string): string {
  return name.replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * Attaches one file to a draft's document: the bytes checked by storeUpload under the document's
 * own formats and size (the pages' rules), then recorded as provideDocument does.
 */
export async function attachDocumentByApi(deps: Deps, caller: ApiCaller, procedure: Procedure, input: { requestId: string; documentId: string; content: Buffer; fileName: string }) {
  const row = await findProcedureRequest(deps.db, { procedureId: procedure.id, requestId: input.requestId });
  if (!row?.applicantId || !(await findGrantingAccount(deps.db, { accountId: row.applicantId, partnerId: caller.partnerId }))) throw problem("notFound");
  const document = procedure.definition.étapes.flatMap((step) => step.pièces ?? []).find((candidate) => candidate.id === input.documentId);
  if (!document) throw problem("notFound", "Cette démarche ne demande pas cette pièce.");
  if (!isEditable(row.status)) throw problem("conflict", "Cette demande n'est plus un brouillon : ses pièces ne peuvent plus changer.");
  const stored = await storeUpload(deps, { content: input.content, declaredName: input.fileName, accepted: document.formats, maxBytes: document.taille_max_mo * 1024 * 1024 });
  if (!stored.ok) {
    if (stored.reason === "too-large") throw problem("tooLarge", stored.message);
    if (stored.reason === "wrong-type" || stored.reason === "executable") throw problem("unsupportedType", stored.message);
    if (stored.reason === "scan-unavailable") throw problem("unavailable", stored.message);
    throw problem("unprocessable", stored.message);
  }
  const upload = stored.upload;
  const applicantId = row.applicantId;
  try {
    await deps.db.transaction().execute(async (trx) => {
      const locked = await lockRequest(trx, row.id);
      if (!locked || !isEditable(locked.status)) throw new RequestNotEditableError();
      const count = (await listRequestDocuments(trx, row.id)).filter((provided) => provided.documentId === input.documentId).length;
      if (count >= 10) throw problem("unprocessable", "Cette pièce a déjà 10 fichiers.");
      const now = deps.clock.now();
      await insertUpload(trx, upload);
      await insertRequestDocument(trx, { requestId: row.id, documentId: input.documentId, uploadId: upload.id, uploadedBy: applicantId, now });
      await insertEvent(trx, { requestId: row.id, occurredAt: now, actorId: applicantId, event: "document.provided", details: { documentId: input.documentId, partnerId: caller.partnerId }, visibleToApplicant: false });
    });
  } catch (error) {
    await deleteUpload(deps, upload);
    if (error instanceof RequestNotEditableError) throw problem("conflict", "Cette demande n'est plus un brouillon : ses pièces ne peuvent plus changer.");
    throw error;
  }
  return { id: upload.id, piece: input.documentId, nom: upload.originalName, type: upload.detectedType, taille: upload.size };
}

/** Files a draft with the core's submitRequest; the state machine queues the `demande.deposee` webhooks in its transaction. */
export async function fileRequestByApi(deps: Deps, caller: ApiCaller, procedure: Procedure, requestId: string) {
  const row = await findProcedureRequest(deps.db, { procedureId: procedure.id, requestId });
  if (!row?.applicantId || !(await findGrantingAccount(deps.db, { accountId: row.applicantId, partnerId: caller.partnerId }))) throw problem("notFound");
  const applicantId = row.applicantId;
  let outcome;
  try {
    outcome = await submitRequest(deps, { requestId, accountId: applicantId, definition: procedure.definition });
  } catch (error) {
    if (error instanceof RequestNotEditableError) throw problem("conflict", "Cette demande n'est plus un brouillon : elle est déjà déposée ou abandonnée.");
    throw error;
  }
  if (!outcome.filed) {
    throw problem("unprocessable", "La demande est incomplète : voir manquants.", {
      manquants: outcome.missing.map((item) => ({ etape: item.stepId, libelle: item.label, nature: item.kind === "field" ? "champ" : "pièce" })),
    });
  }
  return (await findProcedureRequest(deps.db, { procedureId: procedure.id, requestId }))!;
}

const decisionTransitions: Record<string, AgentTransition> = { "prise-en-charge": "take", acceptation: "accept", refus: "refuse", classement: "close" };

/**
 * Records a decision through the state machine (applyTransition: status, history, audit and the
 * `demande.decidee` webhooks, in one transaction) with the applicant's decision mail, the same as
 * for an agent's decision (queueDecisionMail). The actor is the partner (no agent account):
 * the history names no agent, the audit trail names the partner and its token.
 */
export async function recordDecisionByApi(deps: Deps, caller: ApiCaller, procedure: Procedure, input: { requestId: string; decision: string; motif?: string | undefined }) {
  const row = await findProcedureRequest(deps.db, { procedureId: procedure.id, requestId: input.requestId });
  if (!row || row.status === "draft") throw problem("notFound");
  const transition = decisionTransitions[input.decision]!;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await applyTransition(deps, trx, { requestId: row.id, transition, actorId: null, reason: input.motif ?? null });
      // The applicant gets the same mail as for an agent's decision, queued in the same transaction.
      await queueDecisionMail(deps, trx, { requestId: row.id, procedureTitle: procedure.definition.titre, transition, reason: input.motif?.trim() || null });
      await audit(trx, deps.clock, { event: "api.decision_recorded", accountId: row.applicantId, details: { requestId: row.id, transition, partnerId: caller.partnerId, tokenId: caller.tokenId } });
    });
  } catch (error) {
    if (error instanceof TransitionRefused) {
      if (error.why === "reason") throw problem("invalidBody", "Un refus doit être motivé.", { errors: [{ pointer: "/motif", detail: "Le motif est obligatoire pour un refus." }] });
      if (error.why === "open_ask") throw problem("conflict", "Une demande de modification ou de pièces est en cours : la décision attend la réponse du demandeur.");
      throw problem("conflict", `Cette décision n'est pas possible depuis le statut « ${error.status} ».`);
    }
    throw error;
  }
  return (await findProcedureRequest(deps.db, { procedureId: procedure.id, requestId: row.id }))!;
}
