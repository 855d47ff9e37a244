import type { RequestEventType } from "./event-types.ts";
import type { APPLICANT_NEWS_EVENTS } from "./queries/renewal.ts";

type ApplicantNewsEvent = (typeof APPLICANT_NEWS_EVENTS)[number];

/** The history lines of updates, renewals and expiry (issue 12), read alike by the applicant and the agent. */
export const renewalEventLabels = {
  "request.updated": "Demande mise à jour par le demandeur",
  "request.renewed": "Demande renouvelée",
  "request.expired": "Demande expirée faute de renouvellement",
  "request.renewal_reminded": "Rappel de renouvellement envoyé",
} as const satisfies Partial<Record<RequestEventType, string>>;

const newsLabels = {
  "request.updated": "Mise à jour par le demandeur",
  "request.renewed": "Renouvelée par le demandeur",
  "ask.modification_answered": "Contribution du demandeur reçue",
  "ask.documents_answered": "Pièces du demandeur reçues",
} as const satisfies Record<ApplicantNewsEvent, string>;

/**
 * The cue of each applicant's doing in the agents' list and request page, since the agent last
 * looked: one label for each of APPLICANT_NEWS_EVENTS (TypeScript refuses a missing one), read
 * with the event names the query returns.
 */
export const applicantNewsLabels: Partial<Record<string, string>> = newsLabels;
