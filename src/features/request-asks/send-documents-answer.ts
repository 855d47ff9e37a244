import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { findApplicantContact } from "../../core/requests/queries/agents.ts";
import { findAttachedAgentContact } from "../../core/requests/queries/messages.ts";
import { findVersionDefinition, insertRequestDocument } from "../../core/requests/queries/requests.ts";
import { lockApplicantRequest } from "../../core/requests/request-access.ts";
import { AskClosedError } from "./errors.ts";
import { agentNoticeMail, answerConfirmationMail } from "./mails.ts";
import { closeAsk, findProcedureSlug, insertAskEvent, lockOpenAsk, type AskedDocument } from "../../core/requests/queries/asks.ts";

/** The input name of an asked document's file (what the error summary links to). */
export const itemInputName = (item: Pick<AskedDocument, "id">) => `piece-${item.id}`;

/**
 * "Valider": sends the answer to a documents ask. Every asked document needs at least one file
 * (FormError naming those without). The files become the request's documents — under the
 * procedure's document when the agent asked again for one, else under the label the agent
 * wrote, so every list shows them by name — and the ask is answered with them. In one
 * transaction, with the history line, the applicant's confirmation and the notice to the agent
 * who asked, if they still process the procedure.
 */
export async function sendDocumentsAnswer(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  input: { requestId: string; accountId: string; askId: string },
  context: { ip?: string | null } = {},
) {
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockApplicantRequest(trx, input);
    const ask = await lockOpenAsk(trx, request.id, "documents");
    if (!ask || ask.id !== input.askId || request.status !== "in_instruction" || !request.number) throw new AskClosedError();
    const files = ask.answer.files ?? [];
    const errors: Record<string, string> = {};
    for (const item of ask.askedDocuments) {
      if (!files.some((file) => file.itemId === item.id)) errors[itemInputName(item)] = `Ajoutez au moins un fichier pour « ${item.label} ».`;
    }
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    const now = deps.clock.now();
    for (const file of files) {
      const item = ask.askedDocuments.find((candidate) => candidate.id === file.itemId)!;
      await insertRequestDocument(trx, { requestId: request.id, documentId: item.documentId ?? item.label, uploadId: file.uploadId, uploadedBy: input.accountId, now });
    }
    await closeAsk(trx, { askId: ask.id, status: "answered", answer: { files }, now });
    await insertAskEvent(trx, { requestId: request.id, occurredAt: now, actorId: input.accountId, event: "ask.documents_answered", details: { askId: ask.id, files: files.length } });

    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const reference = { id: request.id, number: request.number, procedureTitle: definition.titre };
    const contact = await findApplicantContact(trx, request.id);
    const to = contact?.applicantEmail ?? contact?.accountEmail;
    if (to) await deps.mailer.queue(trx, to, await answerConfirmationMail(deps.config, contact ?? { civility: null, lastName: null }, reference, "documents"));
    // As for messages: only an agent who still processes the procedure (attached, active) is told.
    const agent = ask.askedBy ? await findAttachedAgentContact(trx, ask.askedBy, request.procedureId) : undefined;
    if (agent) await deps.mailer.queue(trx, agent.email, await agentNoticeMail(deps.config, agent, { ...reference, slug: await findProcedureSlug(trx, request.procedureId) }, "documents"));
    await audit(trx, deps.clock, { event: "request.ask_answered", actorId: input.accountId, ip: context.ip ?? null, details: { requestId: request.id, askId: ask.id, kind: "documents", files: files.length } });
    return { files };
  });
}
