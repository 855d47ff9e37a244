import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { formatEuros } from "../../platform/french/amount.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { formatDay } from "../../core/requests/fields/step-summary.tsx";
import { findApplicantContact } from "../../core/requests/queries/agents.ts";
import { findGrant, listPayments, type Payment } from "../../core/requests/queries/payments.ts";
import { findVersionDefinition, insertEvent } from "../../core/requests/queries/requests.ts";
import { paymentMail, type PaymentStep } from "./mails.ts";

export type PaymentDeps = { db: Db; clock: Clock; mailer: Mailer; config: Config };

/**
 * What every step of the payments leaves, inside the step's transaction: a line in the request's
 * history (shown to the applicant), an audit event, and the applicant's mail with the amounts.
 */
export async function recordPaymentStep(
  deps: PaymentDeps,
  trx: Db,
  input: { request: { id: string; procedureVersionId: string }; actorId: string; step: PaymentStep; payment?: Payment; ip?: string | null },
) {
  const now = deps.clock.now();
  const grant = await findGrant(trx, input.request.id);
  const payments = input.payment ? [input.payment] : await listPayments(trx, input.request.id);
  const details = input.payment
    ? { paymentId: input.payment.id, label: input.payment.label, amountCents: input.payment.amountCents, ...(input.payment.paidOn ? { paidOn: input.payment.paidOn } : {}) }
    : { grantedCents: grant?.amountCents, payments: payments.map((payment) => ({ label: payment.label, amountCents: payment.amountCents, plannedOn: payment.plannedOn })) };
  // The amounts and dates, readable in both histories (their last column).
  const summary = input.payment
    ? `${input.payment.label} : ${formatEuros(input.payment.amountCents)}${input.payment.paidOn ? `, payé le ${formatDay(input.payment.paidOn)}` : ""}`
    : `${formatEuros(grant?.amountCents ?? 0)} accordés : ${payments.map((payment) => `${payment.label} ${formatEuros(payment.amountCents)} prévu le ${formatDay(payment.plannedOn)}`).join(" ; ")}`;
  await insertEvent(trx, { requestId: input.request.id, occurredAt: now, actorId: input.actorId, event: `payment.${input.step}`, reason: summary, details });
  await audit(trx, deps.clock, { event: `request.payment_${input.step}`, actorId: input.actorId, ip: input.ip ?? null, details: { requestId: input.request.id, ...details } });

  const contact = await findApplicantContact(trx, input.request.id);
  const to = contact?.applicantEmail ?? contact?.accountEmail;
  if (!contact?.number || !to) return;
  const definition = await findVersionDefinition(trx, input.request.procedureVersionId);
  const mail = await paymentMail(deps.config, contact, { id: input.request.id, number: contact.number, procedureTitle: definition.titre }, input.step, { grantedCents: grant?.amountCents ?? 0, payments });
  await deps.mailer.queue(trx, to, mail);
}
