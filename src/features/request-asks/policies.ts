import type { RequestStatus } from "../../platform/db/schema.ts";

/*
 * When an agent may ask the applicant for a modification or documents: only while the request is
 * in instruction. A filed request is taken in charge first (the agent who asks is then the one
 * who follows the answer); a decided or abandoned request is over. One open ask per kind at a
 * time (a unique index backs this), and no decision while one is open (the state machine).
 */
export function canAsk(status: RequestStatus): boolean {
  return status === "in_instruction";
}

/** Why an ask cannot be made in this status, in French. */
export function whyNoAsk(status: RequestStatus): string {
  if (status === "filed") return "Prenez d'abord la demande en charge : une sollicitation du demandeur n'est possible que sur une demande prise en charge.";
  if (status === "abandoned") return "Le demandeur a abandonné cette demande : elle ne peut plus être instruite.";
  return "Cette demande est décidée : le demandeur ne peut plus être sollicité.";
}
