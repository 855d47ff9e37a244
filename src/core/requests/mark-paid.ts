import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { formatEuros } from "../../platform/french/amount.ts";
import { checkDate } from "../procedures/answers/check-field.ts";
import { lockPaymentRequest } from "./payment-access.ts";
import { hasReached, PaymentRefusedError, type PaymentActor } from "./payments.ts";
import { findGrant, listPayments, lockPayment, setPaymentStatus } from "./queries/payments.ts";
import { recordPaymentStep, stepActor, type PaymentDeps } from "./record-payment-step.ts";

/**
 * "Enregistrer le paiement" (an agent's page) or `POST …/versements/{id}` (a partner's system): a
 * mandated payment is paid, on the date given (today or before). Under the payment's row lock: a
 * second post changes nothing (`{ already: true }`). The total paid can never pass the grant
 * (checked again here, whatever the schedule says). FormError names the date field
 * (`date-paiement`) when it is missing or wrong; PaymentRefusedError says why the step cannot be
 * taken now.
 */
export async function markPaid(deps: PaymentDeps, input: { procedureId: string; requestId: string; actor: PaymentActor; paymentId: string; paidOn: string }, context: { ip?: string | null } = {}) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(deps.clock.now());
  const date = checkDate(input.paidOn.trim(), "passée", today);
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockPaymentRequest(trx, input.actor, input);
    const payment = await lockPayment(trx, request.id, input.paymentId);
    if (!payment) throw new NotFoundError();
    // A second post (a double click, another tab, a partner's retry) changes nothing, whatever date it carries.
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
    await recordPaymentStep(deps, trx, { request, ...stepActor(input.actor), step: "paid", payment: { ...payment, status: "paid", paidOn: date.value }, ip: context.ip ?? null });
    return { already: false };
  });
}
