import { randomInt } from "node:crypto";
import type { SupportStatus, SupportTopic } from "../../platform/db/schema.ts";
import type { FileTypeName } from "../../platform/uploads/file-types.ts";

/*
 * "Posez-nous votre question" and its support queue:
 * - anyone may ask; a visitor who is not signed in gives a name, an address and solves the
 *   captcha; a signed-in person writes under their account, may attach a file, and finds the
 *   answers in "Mes questions";
 * - one address (an IPv4 address, an IPv6 /64) sends at most QUESTIONS_PER_ADDRESS_PER_HOUR
 *   questions an hour; beyond, the page answers 429 with everything typed kept. A question
 *   accepted is stored with its acknowledgement mail in one transaction: never lost; and one
 *   e-mail address receives at most QUESTIONS_PER_EMAIL_PER_DAY acknowledgements a day;
 * - only support agents (case workers or platform admins named on /administration/support) see
 *   the queue; a question is new, then assigned, answered, and closed; a closed question takes
 *   no assignment, answer or reply; the person's reply puts an answered question back in the
 *   support's hands.
 */

export const TOPICS: Record<SupportTopic, string> = {
  demande: "Une question sur une demande déposée",
  compte: "Mon compte et la connexion",
  documents: "Les pièces justificatives",
  demarches: "Les démarches proposées",
  autre: "Autre question",
};
export const TOPIC_VALUES = Object.keys(TOPICS) as [SupportTopic, ...SupportTopic[]];

export const STATUS_LABELS: Record<SupportStatus, string> = { new: "Nouvelle", assigned: "Attribuée", answered: "Répondue", closed: "Close" };
export const STATUS_VALUES = Object.keys(STATUS_LABELS) as SupportStatus[];

export const QUESTION_MAX_LENGTH = 5000;
export const NAME_MAX_LENGTH = 200;
export const QUESTIONS_PER_ADDRESS_PER_HOUR = 5;
/**
 * A visitor's address is not proven: without a ceiling per recipient, the form could send
 * acknowledgements to someone else's mailbox from many connections.
 */
export const QUESTIONS_PER_EMAIL_PER_DAY = 10;
export const ATTACHMENT_TYPES: readonly FileTypeName[] = ["pdf", "jpeg", "png", "odt", "docx"];
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Whether the support may still act on the question (assign, answer, close) and the person reply. */
export function isOpen(status: SupportStatus): boolean {
  return status !== "closed";
}

/** The status after an assignment: an answered question stays answered. */
export function statusAfterAssignment(status: SupportStatus, assignedTo: string | null): SupportStatus {
  if (status === "answered") return "answered";
  return assignedTo === null ? "new" : "assigned";
}

/** Unambiguous characters (no 0/O, 1/I/L), as people read references over the phone. */
const REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** "Q-7KMP-4RXT": about 40 bits, random, so a reference tells nothing of the volume. */
export function generateReference(): string {
  const chars = Array.from({ length: 8 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join("");
  return `Q-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export const REFERENCE_PATTERN = /^Q-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
