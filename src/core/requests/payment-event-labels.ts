import type { RequestEventType } from "./event-types.ts";

/** What each step of a granted aid's payments says in the histories (the applicant's and the agent's). */
export const paymentEventLabels: Record<Extract<RequestEventType, `payment.${string}`>, string> = {
  "payment.granted": "Montant accordé et échéancier des versements enregistrés",
  "payment.asked": "Versement demandé avec ses justificatifs",
  "payment.ordered": "Versement mandaté",
  "payment.paid": "Versement payé",
};
