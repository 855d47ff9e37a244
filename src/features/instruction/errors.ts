import type { RequestAskKind, RequestStatus } from "../../platform/db/schema.ts";
import type { TransitionRefused } from "../../core/requests/state-machine.ts";
import { STATUS_LABELS } from "./filters.ts";

/**
 * Why the state machine refused what an agent asked, in French, for the request page (409).
 * `openAsks` are the kinds of the requests to the applicant still open (for "open_ask").
 */
export function explainRefusal(error: TransitionRefused, openAsks: readonly RequestAskKind[]): string {
  if (error.why === "reason") return "Indiquez le motif du refus : il est communiqué au demandeur.";
  if (error.why === "open_ask") {
    const what =
      openAsks.includes("documents") && openAsks.includes("modification")
        ? "Une demande de modification et une demande de pièces complémentaires sont en cours"
        : openAsks.includes("modification")
          ? "Une demande de modification est en cours"
          : "Une demande de pièces complémentaires est en cours";
    return `${what} : la demande ne peut pas être décidée avant la réponse du demandeur.`;
  }
  return statusRefusal(error.transition, error.status);
}

function statusRefusal(transition: string, status: RequestStatus): string {
  if (status === "abandoned") return "Le demandeur a abandonné cette demande : elle ne peut plus être instruite.";
  if (status === "expired") return "Cette demande a expiré faute de renouvellement : elle ne peut plus être instruite.";
  if (status === "accepted" || status === "refused" || status === "closed") return `Cette demande est déjà décidée (${STATUS_LABELS[status].toLowerCase()}).`;
  if (transition === "take") return "Cette demande est déjà prise en charge.";
  if (status === "filed") return "La demande doit être prise en charge avant d'être décidée.";
  return "Cette action n'est pas possible dans l'état actuel de la demande.";
}
