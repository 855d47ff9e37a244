/**
 * Every kind of line a request's history (request_events) can hold. insertEvent and the state
 * machine accept only these, and the applicant's and the agent's label tables are typed by them,
 * so a new kind of event cannot be written without a French label on both sides.
 */
export const requestEventTypes = [
  "request.created",
  "request.filed",
  "request.taken",
  "request.assigned",
  "request.accepted",
  "request.refused",
  "request.closed",
  "request.abandoned",
  "request.updated",
  "request.renewed",
  "request.expired",
  "request.renewal_reminded",
  "request.attached",
  "document.provided",
  "document.replaced",
  "document.removed",
  "message.from_applicant",
  "message.to_applicant",
  "message.internal_note",
  "ask.modification_requested",
  "ask.modification_answered",
  "ask.modification_cancelled",
  "ask.documents_requested",
  "ask.documents_answered",
  "ask.documents_cancelled",
  "payment.granted",
  "payment.asked",
  "payment.ordered",
  "payment.paid",
] as const;

export type RequestEventType = (typeof requestEventTypes)[number];
