import { NotFoundError } from "../../platform/http/errors.ts";
import { checkIban } from "../../platform/french/iban.ts";
import { lockPaymentRequest } from "./payment-access.ts";
import { canOrder, hasReached, PaymentRefusedError, type PaymentActor } from "./payments.ts";
import { findBankDetails, lockPayment, setPaymentStatus } from "./queries/payments.ts";
import { recordPaymentStep, stepActor, type PaymentDeps } from "./record-payment-step.ts";

/** The IBAN payments go to: the organisation's record first, else the request's answer; checked either way. */
export function paymentIban(bank: { organisationIban: string | null; answerIban: string | null } | undefined) {
  const typed = bank?.organisationIban ?? bank?.answerIban ?? null;
  if (!typed) return { iban: null, check: undefined };
  return { iban: typed, check: checkIban(typed) };
}

/**
 * "Mandater" (an agent's page) or `POST …/versements/{id}` (a partner's system): a payment is
 * ordered — once its documents came, or straight away when it needs none — to the organisation's
 * checked IBAN, with a RIB on file. Under the payment's row lock: posting it again does nothing
 * (`{ already: true }`), no second mail, history line or webhook. PaymentRefusedError says why the
 * step cannot be taken now.
 */
export async function orderPayment(deps: PaymentDeps, input: { procedureId: string; requestId: string; actor: PaymentActor; paymentId: string }, context: { ip?: string | null } = {}) {
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockPaymentRequest(trx, input.actor, input);
    const payment = await lockPayment(trx, request.id, input.paymentId);
    if (!payment) throw new NotFoundError();
    if (hasReached(payment.status, "ordered")) return { already: true };
    if (!canOrder(payment)) throw new PaymentRefusedError(`Le versement « ${payment.label} » attend les justificatifs du demandeur : il pourra être mandaté quand le demandeur l'aura demandé.`);
    const bank = await findBankDetails(trx, request.id);
    const { check } = paymentIban(bank);
    if (!check) throw new PaymentRefusedError("Aucun IBAN n'est connu pour ce demandeur : le versement ne peut pas être mandaté.");
    if (!check.ok) throw new PaymentRefusedError(`L'IBAN du demandeur n'est pas valide (${check.message}) : le versement ne peut pas être mandaté.`);
    if (!bank?.ribFiles.length) throw new PaymentRefusedError("Aucun relevé d'identité bancaire (RIB) n'est joint à la demande : le versement ne peut pas être mandaté.");
    await setPaymentStatus(trx, { paymentId: payment.id, status: "ordered", now: deps.clock.now() });
    await recordPaymentStep(deps, trx, { request, ...stepActor(input.actor), step: "ordered", payment: { ...payment, status: "ordered" }, ip: context.ip ?? null });
    return { already: false };
  });
}
