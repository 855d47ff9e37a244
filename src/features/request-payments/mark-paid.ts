import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { formatEuros } from "../../platform/french/amount.ts";
import { checkDate } from "../../core/procedures/answers/check-field.ts";
import { hasReached } from "../../core/requests/payments.ts";
import { findGrant, listPayments, lockPayment, setPaymentStatus } from "../../core/requests/queries/payments.ts";
import { lockAgentRequest } from "../../core/requests/request-access.ts";
import { PaymentRefusedError } from "./errors.ts";
import { recordPaymentStep, type PaymentDeps } from "./record-step.ts";

/**
 * "Enregistrer le paiement": a mandated payment is paid, on the date typed (today or before).
 * Under the payment's row lock: a second post changes nothing (`{ already: true }`). The total
 * paid can never pass the grant (checked again here, whatever the schedule says).
 */
export async function markPaid(deps: PaymentDeps, input: { procedureId: string; requestId: string; agentId: string; paymentId: string; paidOn: string }, context: { ip?: string | null } = {}) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(deps.clock.now());
  const date = checkDate(input.paidOn.trim(), "passée", today);
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockAgentRequest(trx, input);
    const payment = await lockPayment(trx, request.id, input.paymentId);
    if (!payment) throw new NotFoundError();
    // A second post (a double click, another tab) changes nothing, whatever date it carries.
    if (payment.status === "paid") return { already: true };
    if (input.paidOn.trim() === "") throw new FormError({ "date-paiement": "Indiquez la date du paiement." });
    if (!date.ok) throw new FormError({ "date-paiement": date.message });
    if (!hasReached(payment.status, "ordered")) throw new PaymentRefusedError(`Le versement « ${payment.label} » doit être mandaté avant d'être payé.`);
    const grant = await findGrant(trx, request.id);
    const paid = (await listPayments(trx, request.id)).filter((other) => other.status === "paid").reduce((sum, other) => sum + other.amountCents, 0);
    if (!grant || paid + payment.amountCents > grant.amountCents) {
      throw new PaymentRefusedError(`Ce versement dépasse le montant restant à verser (${formatEuros(Math.max(0, (grant?.amountCents ?? 0) - paid))}).`);
    }
    await setPaymentStatus(trx, { paymentId: payment.id, status: "paid", now: deps.clock.now(), paidOn: date.value });
    await recordPaymentStep(deps, trx, { request, actorId: input.agentId, step: "paid", payment: { ...payment, status: "paid", paidOn: date.value }, ip: context.ip ?? null });
    return { already: false };
  });
}
