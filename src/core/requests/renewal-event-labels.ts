import type { RequestEventType } from "./event-types.ts";

/** The history lines of updates, renewals and expiry (issue 12), read alike by the applicant and the agent. */
export const renewalEventLabels = {
  "request.updated": "Demande mise à jour par le demandeur",
  "request.renewed": "Demande renouvelée",
  "request.expired": "Demande expirée faute de renouvellement",
  "request.renewal_reminded": "Rappel de renouvellement envoyé",
} as const satisfies Partial<Record<RequestEventType, string>>;

/** The cue of each applicant's doing in the agents' list and request page, since the agent last looked. */
export const applicantNewsLabels: Record<string, string> = {
  "request.updated": "Mise à jour par le demandeur",
  "request.renewed": "Renouvelée par le demandeur",
  "ask.modification_answered": "Contribution du demandeur reçue",
  "ask.documents_answered": "Pièces du demandeur reçues",
};
