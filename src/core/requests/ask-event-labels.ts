import type { RequestEventType } from "./event-types.ts";

/** What each step of the loop says in the histories (the applicant's and the agent's). */
export const askEventLabels: Record<Extract<RequestEventType, `ask.${string}`>, string> = {
  "ask.modification_requested": "Demande de contribution pour modification",
  "ask.modification_answered": "Contribution pour modification envoyée",
  "ask.modification_cancelled": "Demande de modification annulée",
  "ask.documents_requested": "Demande de pièces complémentaires",
  "ask.documents_answered": "Réponse à la demande de pièces complémentaires envoyée",
  "ask.documents_cancelled": "Demande de pièces complémentaires annulée",
};
