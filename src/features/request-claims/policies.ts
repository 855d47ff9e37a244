import { DAY, MINUTE } from "../../platform/clock.ts";
import type { NumberedRequest } from "../../core/requests/queries/claims.ts";

/**
 * The numbers of "Rattacher une demande existante". The code is the organisations' activation
 * code (10 characters of an unambiguous 23-symbol alphabet, about 45 bits), mailed instead of
 * posted, so it lives minutes rather than days.
 */
export const CLAIM_CODE_VALIDITY_MS = 30 * MINUTE;
export const CLAIM_CODE_VALIDITY_MINUTES = CLAIM_CODE_VALIDITY_MS / MINUTE;
/** Wrong codes typed before the code is dead (DESIGN.md: ≤ 5 attempts). */
export const CLAIM_CODE_MAX_ATTEMPTS = 5;
/**
 * Codes mailed to one request's address per 24 hours: 3 for each asking account, so that someone
 * who knows the number cannot use up its owner's codes (no lock-out by a third party), and 10 in
 * all, so that the owner's mailbox is not a target either.
 */
export const MAX_CODES_PER_REQUEST_AND_ACCOUNT = 3;
export const MAX_CODES_PER_REQUEST = 10;
/** Code requests per account per 24 hours, numbers known or not: a person may mistype, not probe. */
export const MAX_CODE_REQUESTS_PER_ACCOUNT = 10;
export const CLAIM_WINDOW_MS = DAY;

/**
 * Whether a request may be attached to this account by a mailed code:
 * - it has a number, so it was filed: drafts have none and never leave their author;
 * - every numbered status counts, abandoned and decided ones included: they are the person's
 *   history (a refusal to contest, a receipt to keep), and attaching changes nothing in them;
 * - it has an address to send the code to (the proof; without it, nothing can prove ownership);
 * - it is not the account's already;
 * - it was not filed for an organisation: those are reached through membership of that
 *   organisation, which a personal code must not bypass.
 */
export function mayBeClaimed(request: NumberedRequest, accountId: string): request is NumberedRequest & { applicantEmail: string } {
  return request.number !== null && request.applicantEmail !== null && request.applicantEmail !== "" && request.applicantId !== accountId && request.organisationId === null;
}
