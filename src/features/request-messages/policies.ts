import type { RequestStatus } from "../../platform/db/schema.ts";
import type { FileTypeName } from "../../platform/uploads/file-types.ts";

/*
 * Who may do what in a request's thread (fils de discussion):
 * - the thread exists once the request is filed: a draft is still the applicant's own business,
 *   and no agent sees it;
 * - the applicant and the agents write to each other while the request is being processed
 *   (filed or in instruction); once it is decided (accepted, refused, closed) or abandoned, the
 *   thread stays readable by both, but nobody writes in it any more: a decision is final, and a
 *   question after it goes through the portal's contact form;
 * - agents attached to the request's procedure add internal notes at any time after filing
 *   (they may document a case after its decision); notes are never shown to the applicant —
 *   not on the thread, not in the mails, not in the history;
 * - attachments are downloaded only by those who may read the message they belong to: the
 *   applicant of the request (never a note's attachment) and the agents of its procedure.
 *   Anyone else gets the same 404 as for something that does not exist.
 */

/** Whether the thread can be read at all (by the applicant or the procedure's agents). */
export function hasThread(status: RequestStatus): boolean {
  return status !== "draft";
}

/** Whether the applicant and the agents may still write to each other. */
export function isThreadOpen(status: RequestStatus): boolean {
  return status === "filed" || status === "in_instruction";
}

/** Whether an agent may add an internal note. */
export function canAddNote(status: RequestStatus): boolean {
  return hasThread(status);
}

/** The longest message, in characters (a long letter: about two pages). */
export const MESSAGE_MAX_LENGTH = 5000;

/** What an attachment may be: documents and scans, never anything else (checked by content). */
export const ATTACHMENT_TYPES: readonly FileTypeName[] = ["pdf", "jpeg", "png", "odt", "docx", "ods", "xlsx"];

/** The largest attachment. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** The French error for a message's text, or null when it can be sent. */
export function messageBodyError(body: string): string | null {
  if (body.trim() === "") return "Écrivez votre message.";
  const length = [...body].length;
  if (length > MESSAGE_MAX_LENGTH) {
    return `Votre message doit contenir au plus ${MESSAGE_MAX_LENGTH.toLocaleString("fr-FR")} caractères (il en contient ${length.toLocaleString("fr-FR")}).`;
  }
  return null;
}
