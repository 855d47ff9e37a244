import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { deleteUpload, type UploadRecord } from "../../platform/uploads/uploads.ts";
import { isAgentOfProcedure } from "../../core/requests/queries/agents.ts";
import { insertEvent, insertUpload } from "../../core/requests/queries/requests.ts";
import { ThreadClosedError } from "./errors.ts";
import { agentMessageMail, applicantMessageMail } from "./mails.ts";
import { canAddNote, hasThread, isThreadOpen, messageBodyError } from "./policies.ts";
import { findAttachedAgentContact, findThreadRequest, insertMessage, lockThreadRequest } from "../../core/requests/queries/messages.ts";

/** Who writes: the request's applicant, or an agent of its procedure — to the applicant, or as an internal note. */
export type MessageAuthor = { kind: "applicant"; accountId: string } | { kind: "agent"; accountId: string; internal: boolean };

/** The history's events, one per kind of message; notes are never shown to the applicant. */
export const MESSAGE_EVENTS = { fromApplicant: "message.from_applicant", toApplicant: "message.to_applicant", note: "message.internal_note" } as const;

/**
 * Adds a message to a request's thread (fils de discussion), with at most one attachment already
 * stored by the caller (`storeUpload` with ATTACHMENT_TYPES and ATTACHMENT_MAX_BYTES). In one
 * transaction, under the request's lock: the right to write (policies.ts), the message, its
 * upload row, the history event, and the mail — to the applicant when an agent writes to them,
 * to the agent in charge when the applicant writes. An internal note mails nobody and its event
 * is hidden from the applicant.
 *
 * Throws NotFoundError when the author may not see the request (another person's request, an
 * agent of another procedure, a draft), ThreadClosedError when the request is decided or
 * abandoned, FormError({ [field]: message }) when the text is empty or too long. On any error the
 * attachment's file is deleted.
 */
export async function postMessage(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  input: { requestId: string; author: MessageAuthor; body: string; upload: UploadRecord | null; field?: string },
): Promise<{ messageId: string }> {
  const { author } = input;
  const internal = author.kind === "agent" && author.internal;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const locked = await lockThreadRequest(trx, input.requestId);
      if (!locked || !hasThread(locked.status)) throw new NotFoundError();
      const request = (await findThreadRequest(trx, input.requestId))!;
      if (author.kind === "applicant" ? request.applicantId !== author.accountId : !(await isAgentOfProcedure(trx, author.accountId, request.procedureId))) {
        throw new NotFoundError();
      }
      if (!(internal ? canAddNote(locked.status) : isThreadOpen(locked.status))) throw new ThreadClosedError();
      const error = messageBodyError(input.body);
      if (error) throw new FormError({ [input.field ?? "message"]: error });

      const now = deps.clock.now();
      if (input.upload) await insertUpload(trx, input.upload);
      const message = await insertMessage(trx, { requestId: request.id, authorId: author.accountId, body: input.body, internal, uploadId: input.upload?.id ?? null, createdAt: now });
      const event = author.kind === "applicant" ? MESSAGE_EVENTS.fromApplicant : internal ? MESSAGE_EVENTS.note : MESSAGE_EVENTS.toApplicant;
      await insertEvent(trx, {
        requestId: request.id,
        occurredAt: now,
        actorId: author.accountId,
        event,
        details: { messageId: message.id, attachment: input.upload !== null },
        visibleToApplicant: !internal,
      });

      const about = { id: request.id, number: request.number ?? "", title: request.title, slug: request.slug };
      if (author.kind === "agent" && !internal) {
        const to = request.applicantEmail ?? request.applicantAccountEmail;
        if (to) await deps.mailer.queue(trx, to, await agentMessageMail(deps.config, { civility: request.applicantCivility, lastName: request.applicantLastName }, about));
      }
      if (author.kind === "applicant" && locked.assignedAgentId) {
        const agent = await findAttachedAgentContact(trx, locked.assignedAgentId, request.procedureId);
        if (agent) await deps.mailer.queue(trx, agent.email, await applicantMessageMail(deps.config, agent, about));
      }
      return { messageId: message.id };
    });
  } catch (error) {
    if (input.upload) await deleteUpload(deps, input.upload);
    throw error;
  }
}
