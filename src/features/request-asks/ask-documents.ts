import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import type { FileTypeName } from "../../platform/uploads/file-types.ts";
import { findApplicantContact } from "../../core/requests/queries/agents.ts";
import type { DocumentRequest, ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { findVersionDefinition, listRequestDocuments } from "../../core/requests/queries/requests.ts";
import { lockAgentRequest } from "../../core/requests/request-access.ts";
import { MESSAGE_MAX } from "./ask-modification.ts";
import { AskNotPossibleError } from "./errors.ts";
import { askMail } from "./mails.ts";
import { canAsk, whyNoAsk } from "./policies.ts";
import { insertAsk, insertAskEvent, lockOpenAsk, markNonConforming, type AskedDocument } from "../../core/requests/queries/asks.ts";

/** A document the agent names freely: the common office formats, up to 10 MB. */
export const FREE_DOCUMENT = { formats: ["pdf", "jpeg", "png"] as FileTypeName[], maxMb: 10 };
export const LABEL_MAX = 150;
export const HINT_MAX = 300;

/** Every document the procedure's steps ask for, whatever the conditions (the agent may ask any). */
export function procedureDocuments(definition: ProcedureDefinition): DocumentRequest[] {
  return definition.étapes.flatMap((step) => step.pièces ?? []);
}

export interface AskDocumentsInput {
  procedureId: string;
  procedureTitle: string;
  requestId: string;
  agentId: string;
  message: string;
  /** Ids of the procedure's documents asked again. */
  documentIds: string[];
  /** Documents named freely, by form row (`autre-libelle-N`, `autre-aide-N`); empty rows are ignored. */
  others: { row: number; label: string; hint: string }[];
  /** Files provided earlier and judged non-conforming, with the reason (mandatory). */
  nonConforming: { requestDocumentId: string; reason: string }[];
}

/**
 * "Demander des pièces complémentaires": an agent lists documents — the procedure's own, named
 * freely, or provided files judged non-conforming with a reason (their document is then asked
 * again). Only on a request in instruction, one open documents ask at a time. In one
 * transaction: the files marked, the ask, the history line, the applicant's mail, the audit
 * event. FormError (form field → French message) for nothing asked, an unknown document, a
 * non-conforming file without a reason, a hint without a label, or a text too long.
 */
export async function askDocuments(deps: { db: Db; clock: Clock; mailer: Mailer; config: Config }, input: AskDocumentsInput, context: { ip?: string | null } = {}): Promise<{ askId: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockAgentRequest(trx, input);
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const known = procedureDocuments(definition);
    // Only a file still provided can be judged non-conforming (the page lists no other).
    const conformable = (await listRequestDocuments(trx, request.id)).filter((file) => file.status === "provided");
    const errors: Record<string, string> = {};
    // Where "nothing asked" goes: the procedure's documents when the page lists some, else the first free name.
    const piecesKey = known.length > 0 ? "pieces" : "autre-libelle-1";
    const setError = (key: string, message: string) => {
      errors[key] ??= message;
    };

    const message = input.message.trim();
    if ([...message].length > MESSAGE_MAX) errors.message = `Le message doit contenir au plus ${MESSAGE_MAX} caractères.`;
    const items: AskedDocument[] = [];
    const add = (item: Omit<AskedDocument, "id">) => items.push({ id: String(items.length + 1), ...item });
    const fromDefinition = (document: DocumentRequest) => ({
      label: document.libellé,
      ...(document.aide ? { hint: document.aide } : {}),
      documentId: document.id,
      formats: document.formats as FileTypeName[],
      maxMb: document.taille_max_mo,
    });

    const marks: { requestDocumentId: string; reason: string }[] = [];
    for (const mark of input.nonConforming) {
      const file = conformable.find((candidate) => candidate.id === mark.requestDocumentId);
      if (!file) {
        setError(conformable.length > 0 ? "non-conforme" : piecesKey, "Un des fichiers cochés n'existe pas dans cette demande, ou est déjà jugé non conforme : cochez les fichiers dans la liste.");
        continue;
      }
      const reason = mark.reason.trim();
      if (reason === "") errors[`motif-${file.id}`] = `Indiquez pourquoi le fichier « ${file.originalName} » n'est pas conforme : le demandeur le lira.`;
      else if ([...reason].length > HINT_MAX) errors[`motif-${file.id}`] = `Le motif doit contenir au plus ${HINT_MAX} caractères.`;
      marks.push({ requestDocumentId: file.id, reason });
      const document = known.find((candidate) => candidate.id === file.documentId);
      const existing = items.find((item) => item.documentId === file.documentId);
      if (existing) {
        existing.reason = [existing.reason, reason].filter(Boolean).join(" ; ");
        existing.nonConformingFiles = [...(existing.nonConformingFiles ?? []), file.id];
      } else add({ ...(document ? fromDefinition(document) : { label: file.documentId, documentId: file.documentId, ...FREE_DOCUMENT }), reason, nonConformingFiles: [file.id] });
    }
    for (const id of new Set(input.documentIds)) {
      const document = known.find((candidate) => candidate.id === id);
      if (!document) {
        setError(piecesKey, "Une des pièces cochées n'existe pas dans cette démarche : cochez les pièces dans la liste.");
        continue;
      }
      if (!items.some((item) => item.documentId === id)) add(fromDefinition(document));
    }
    for (const other of input.others) {
      const label = other.label.trim();
      const hint = other.hint.trim();
      if (label === "" && hint === "") continue;
      if (label === "") errors[`autre-libelle-${other.row}`] = "Indiquez le nom de la pièce demandée, ou effacez sa précision.";
      else if ([...label].length > LABEL_MAX) errors[`autre-libelle-${other.row}`] = `Le nom de la pièce doit contenir au plus ${LABEL_MAX} caractères.`;
      else if ([...hint].length > HINT_MAX) errors[`autre-aide-${other.row}`] = `La précision doit contenir au plus ${HINT_MAX} caractères.`;
      else add({ label, ...(hint ? { hint } : {}), ...FREE_DOCUMENT });
    }
    if (items.length === 0 && Object.keys(errors).length === 0) errors[piecesKey] = "Indiquez au moins une pièce à fournir : cochez une pièce de la démarche, nommez-en une, ou cochez un fichier non conforme.";
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    if (!canAsk(request.status)) throw new AskNotPossibleError(whyNoAsk(request.status));
    if (await lockOpenAsk(trx, request.id, "documents")) throw new AskNotPossibleError("Une demande de pièces complémentaires est déjà en cours sur cette demande : attendez la réponse du demandeur, ou annulez-la.");

    const now = deps.clock.now();
    await markNonConforming(trx, request.id, marks);
    const ask = await insertAsk(trx, { requestId: request.id, kind: "documents", message, askedDocuments: items, askedBy: input.agentId, now });
    await insertAskEvent(trx, {
      requestId: request.id,
      occurredAt: now,
      actorId: input.agentId,
      event: "ask.documents_requested",
      reason: message || null,
      details: { askId: ask.id, documents: items.map((item) => item.label), nonConforming: marks.map((mark) => mark.requestDocumentId) },
    });
    const contact = await findApplicantContact(trx, request.id);
    const to = contact?.applicantEmail ?? contact?.accountEmail;
    if (contact?.number && to) {
      const mail = await askMail(deps.config, contact, { id: request.id, number: contact.number, procedureTitle: input.procedureTitle }, { kind: "documents", message, items: items.map((item) => item.label) });
      await deps.mailer.queue(trx, to, mail);
    }
    await audit(trx, deps.clock, { event: "request.ask_documents", actorId: input.agentId, ip: context.ip ?? null, details: { requestId: request.id, askId: ask.id, documents: items.length, nonConforming: marks.length } });
    return { askId: ask.id };
  });
}
