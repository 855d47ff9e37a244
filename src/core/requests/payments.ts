import type { PaymentStatus } from "../../platform/db/schema.ts";

/**
 * The rules of a granted aid's payments (issue 12, seed 000): each payment of the schedule goes
 * prévu → demandé (the applicant sends the documents its conditions ask for) → mandaté (the agent
 * orders it) → payé (with the date paid). A payment that needs no documents is ordered straight
 * from prévu. Never more scheduled, hence never more paid, than granted.
 */
export const paymentStatusLabels: Record<PaymentStatus, string> = {
  planned: "Prévu",
  asked: "Demandé",
  ordered: "Mandaté",
  paid: "Payé",
};

export const paymentStatusTones: Record<PaymentStatus, "neutral" | "info" | "warning" | "success"> = {
  planned: "neutral",
  asked: "warning",
  ordered: "info",
  paid: "success",
};

const order: readonly PaymentStatus[] = ["planned", "asked", "ordered", "paid"];

/** Whether a payment is already at or past a status (a second post of the same step changes nothing). */
export function hasReached(status: PaymentStatus, target: PaymentStatus): boolean {
  return order.indexOf(status) >= order.indexOf(target);
}

/** The applicant may ask for a payment (with its documents) only while it is planned and needs documents. */
export function canAsk(payment: { status: PaymentStatus; documentsRequired: boolean }): boolean {
  return payment.status === "planned" && payment.documentsRequired;
}

/** The agent orders a payment once its documents came (or straight away when it needs none). */
export function canOrder(payment: { status: PaymentStatus; documentsRequired: boolean }): boolean {
  return payment.status === "asked" || (payment.status === "planned" && !payment.documentsRequired);
}

/** What is left to schedule of a grant. */
export function remainingCents(grantCents: number, scheduled: readonly { amountCents: number }[]): number {
  return grantCents - scheduled.reduce((sum, payment) => sum + payment.amountCents, 0);
}

/** A payment step that cannot be taken now: the page (409) or the API (a 409 problem) says why. */
export class PaymentRefusedError extends Error {
  override name = "PaymentRefusedError";
  constructor(override readonly message: string) {
    super(message);
  }
}

/**
 * Who takes a payment step on a filed request: an agent attached to its procedure (the pages), or
 * a partner's system through the API (`versements:ecriture`), which names no account.
 */
export type PaymentActor = { kind: "agent"; agentId: string } | { kind: "partner"; partnerId: string; tokenId: string };

