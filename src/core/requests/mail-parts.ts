import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";

/** The pieces every mail about a request shares, so that they read the same whichever page sends them. */

export interface Addressee {
  civility: string | null;
  lastName: string | null;
}

export interface RequestRef {
  id: string;
  number: string;
  procedureTitle: string;
}

/** "Bonjour Mme Martin," or "Bonjour," when the account has no name any more. */
export const greeting = (person: Addressee) => (person.civility && person.lastName ? `Bonjour ${person.civility} ${person.lastName},` : "Bonjour,");

/** "Votre demande n° LSK 7MR… (« Demande de logement social »)". */
export const requestReference = (request: Pick<RequestRef, "number" | "procedureTitle">) =>
  `Votre demande n° ${formatRequestNumber(request.number)} (« ${request.procedureTitle} »)`;
