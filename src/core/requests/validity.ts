/**
 * A request's validity and what waits for its applicant (issue 12). A procedure may give its
 * requests a validity (`validité_mois`): from filing, then from each renewal. The applicant is
 * reminded one month and one week before the end, may renew from one month before, and an
 * unrenewed request expires (src/features/request-renewal/validity-job.ts).
 */
import type { RequestStatus } from "../../platform/db/schema.ts";
import type { ProcedureDefinition } from "../procedures/definition/schema.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Statuses in which a request still runs: it may be updated (if allowed), renewed, or expire. */
export const RUNNING_STATUSES = ["filed", "in_instruction"] as const satisfies readonly RequestStatus[];

export function isRunning(status: RequestStatus): boolean {
  return (RUNNING_STATUSES as readonly RequestStatus[]).includes(status);
}

/** The same day of the month `months` later (the last day when that month is shorter), same time. */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** The end of a validity starting now, or null when the procedure gives none. */
export function validityEnd(definition: Pick<ProcedureDefinition, "validité_mois">, from: Date): Date | null {
  return definition.validité_mois ? addMonths(from, definition.validité_mois) : null;
}

/** When the first reminder is due and the renewal opens: one month before the end. */
export const monthBefore = (validUntil: Date) => addMonths(validUntil, -1);
/** When the second reminder is due: one week before the end. */
export const weekBefore = (validUntil: Date) => new Date(validUntil.getTime() - 7 * DAY_MS);

/** Whether the applicant may renew now: a running request whose validity ends within a month. */
export function renewalOpen(request: { status: RequestStatus; validUntil: Date | null }, now: Date): boolean {
  return isRunning(request.status) && request.validUntil !== null && now >= monthBefore(request.validUntil) && now < request.validUntil;
}

/** Why an update is refused, in the applicant's words; null when it is allowed. */
export function updateRefusal(definition: Pick<ProcedureDefinition, "mise_a_jour_apres_depot">, status: RequestStatus): string | null {
  if (!definition.mise_a_jour_apres_depot) return "Cette démarche ne permet pas de mettre à jour une demande déposée.";
  return isRunning(status) ? null : closedMessage(status, "mise à jour");
}

/** Why a renewal is refused, in the applicant's words; null when it is allowed. */
export function renewalRefusal(request: { status: RequestStatus; validUntil: Date | null }, now: Date): string | null {
  if (!isRunning(request.status)) return closedMessage(request.status, "renouvelée");
  if (!request.validUntil) return "Cette demande n'a pas de durée de validité : elle n'a pas à être renouvelée.";
  if (now < monthBefore(request.validUntil)) return "Le renouvellement est possible à partir d'un mois avant la fin de validité de la demande.";
  return null;
}

function closedMessage(status: RequestStatus, what: "mise à jour" | "renouvelée"): string {
  const verb = what === "mise à jour" ? "mise à jour" : "renouvelée";
  switch (status) {
    case "expired":
      return `Cette demande a expiré : elle ne peut plus être ${verb}. Vous pouvez déposer une nouvelle demande.`;
    case "abandoned":
      return `Cette demande est abandonnée : elle ne peut plus être ${verb}.`;
    case "closed":
      return `Cette demande est classée sans suite : elle ne peut plus être ${verb}.`;
    case "accepted":
    case "refused":
      return `Cette demande est décidée : elle ne peut plus être ${verb}.`;
    default:
      return `Cette demande n'est pas encore déposée : elle ne peut pas être ${verb}.`;
  }
}

/**
 * What waits for the applicant on a request, each with its words: an open ask of the service, a
 * renewal due. Other features (payments' documents) add their reasons to this list.
 */
export type WaitingReason = { kind: "ask"; label: string } | { kind: "renewal"; label: string } | { kind: string; label: string };

/**
 * `now` given (a page): the renewal is due from one month before the end. Without it (the
 * dashboard's panel has no clock), it is due once the first reminder was mailed (the hourly job).
 */
export function waitingReasons(
  request: { status: RequestStatus; validUntil: Date | null; remindedMonthAt: Date | null; hasOpenAsk: boolean; paymentAwaitsDocuments?: boolean },
  now?: Date,
): WaitingReason[] {
  const reasons: WaitingReason[] = [];
  if (request.hasOpenAsk && request.status === "in_instruction") reasons.push({ kind: "ask", label: "Le service instructeur attend votre réponse" });
  // The next payment of a grant whose documents the applicant must send to ask for it (features/request-payments).
  if (request.paymentAwaitsDocuments && request.status === "accepted") reasons.push({ kind: "payment", label: "Un versement attend vos justificatifs pour être demandé" });
  const renewalDue = now ? renewalOpen(request, now) : isRunning(request.status) && request.validUntil !== null && request.remindedMonthAt !== null;
  if (renewalDue) reasons.push({ kind: "renewal", label: "Votre demande est à renouveler" });
  return reasons;
}
