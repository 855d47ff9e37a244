import type { Child } from "hono/jsx";
import type { RequestAskKind } from "../../platform/db/schema.ts";
import { canApply, TransitionRefused } from "../../core/requests/state-machine.ts";
import { canOrder } from "../../core/requests/payments.ts";
import { renewalOpen } from "../../core/requests/validity.ts";
import { formatDateTime, formatDay } from "../../core/requests/presentation.ts";
import type { InstructionRequest } from "../../core/requests/queries/agents.ts";
import type { Payment } from "../../core/requests/queries/payments.ts";

/*
 * The top of the agent's request page (issue 13): what the request waits for and on whom, its
 * deadlines, and why the decisions cannot be taken now. Plain data built from the state machine's
 * and the payments' rules, so that the page never offers what a route would refuse.
 */

/** One thing the request waits for: who must act, what, since when or before when. */
export interface WaitingItem {
  /** Who must act: "Le demandeur", "Vous", "Mme Lucie Bernard (agent en charge)", "Le service". */
  on: string;
  what: Child;
}

export interface OpenAsk {
  kind: RequestAskKind;
  askedAt: Date;
}

export const askNames: Record<RequestAskKind, string> = {
  modification: "une demande de modification",
  documents: "une demande de pièces complémentaires",
};

/** A 'YYYY-MM-DD' day in words ("12 décembre 2026"). */
const dayOf = (isoDay: string) => formatDay(new Date(`${isoDay}T12:00:00Z`));

/**
 * What the request waits for, in the order the agent reads it: the applicant's answers to the
 * open asks, then the service's next step (taking in charge, deciding, a payment), then the
 * applicant's renewal.
 */
export function waitingItems(input: { request: InstructionRequest; agentId: string; openAsks: readonly OpenAsk[]; payments: readonly Payment[]; now: Date }): WaitingItem[] {
  const { request, agentId, openAsks, payments, now } = input;
  const items: WaitingItem[] = [];
  const inCharge =
    request.assignedAgentId === agentId ? "Vous" : request.agentLastName ? `${request.agentFirstName ?? ""} ${request.agentLastName} (agent en charge)`.trim() : "Le service instructeur";
  if (request.status === "filed") items.push({ on: "Le service instructeur", what: "la prise en charge de la demande par un agent." });
  if (request.status === "in_instruction") {
    for (const ask of openAsks) {
      items.push({ on: "Le demandeur", what: `sa réponse à ${askNames[ask.kind]} envoyée le ${formatDateTime(ask.askedAt)}.` });
    }
    if (openAsks.length === 0) items.push({ on: inCharge, what: "la décision (accepter, refuser ou classer sans suite la demande)." });
  }
  if (request.status === "accepted") {
    const next = payments.find((payment) => payment.status !== "paid");
    if (next) {
      const label = `« ${next.label} »`;
      if (next.status === "planned" && next.documentsRequired) items.push({ on: "Le demandeur", what: `les justificatifs pour demander le versement ${label}, prévu le ${dayOf(next.plannedOn)}.` });
      else if (canOrder(next)) items.push({ on: inCharge, what: `le mandatement du versement ${label}, prévu le ${dayOf(next.plannedOn)}.` });
      else if (next.status === "ordered") items.push({ on: inCharge, what: `l'enregistrement du paiement du versement ${label}, mandaté.` });
    }
  }
  if (request.validUntil && renewalOpen(request, now)) {
    items.push({ on: "Le demandeur", what: `le renouvellement de la demande, avant le ${formatDay(request.validUntil)} (sinon elle expire).` });
  }
  return items;
}

/**
 * Why the decisions (accept, refuse, close) cannot be taken now, or null when they can or when
 * the request is past deciding (the page then says so). The same rules as the state machine, which
 * refuses a decision while an ask is open.
 */
export function decisionsUnavailable(request: Pick<InstructionRequest, "status">, openAsks: readonly OpenAsk[]): string | null {
  if (canApply("take", request.status)) return "Accepter, refuser, classer sans suite : possible une fois la demande prise en charge.";
  if (!canApply("accept", request.status) || openAsks.length === 0) return null;
  const asks = openAsks.map((ask) => `${askNames[ask.kind]} (envoyée le ${formatDateTime(ask.askedAt)})`).join(" et ");
  return `Accepter, refuser, classer sans suite : impossible tant qu'${asks} ${openAsks.length > 1 ? "sont" : "est"} en cours, en attente de la réponse du demandeur.`;
}

/**
 * What the state machine would answer to a decision now (applyTransition checks the same, under
 * lock): the confirmation page is refused with the same explanation rather than offering a form
 * whose answer is known to be a refusal.
 */
export function decisionRefused(decision: "accept" | "refuse" | "close", request: Pick<InstructionRequest, "status">, openAsks: readonly OpenAsk[]): TransitionRefused | null {
  if (!canApply(decision, request.status)) return new TransitionRefused(decision, request.status, "status");
  if (openAsks.length > 0) return new TransitionRefused(decision, request.status, "open_ask");
  return null;
}
