import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { formatEuros } from "../../platform/french/amount.ts";
import type { Jobs } from "../../platform/jobs.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { queueWebhookEvent } from "../partner-api/webhook-events.ts";
import { formatDay } from "./fields/step-summary.tsx";
import { paymentMail, type PaymentStep } from "./payment-mails.ts";
import type { PaymentActor } from "./payments.ts";
import { findApplicantContact } from "./queries/agents.ts";
import { findGrant, listPayments, type Payment } from "./queries/payments.ts";
import { findVersionDefinition, insertEvent } from "./queries/requests.ts";

/** The step as the `paiement.modifie` webhook names it (`data.paiement.etape`). */
const webhookSteps: Record<PaymentStep, string> = { granted: "aide_accordee", asked: "demande", ordered: "mandate", paid: "paye" };

export type PaymentDeps = { db: Db; clock: Clock; mailer: Mailer; config: Config; jobs: Jobs };

/**
 * What every step of the payments leaves, inside the step's transaction: a line in the request's
 * history (shown to the applicant), an audit event, the applicant's mail with the amounts, and the
 * partners' `paiement.modifie` webhook (core/partner-api) — whoever took the step: an agent, the
 * applicant asking for a payment, or a partner's system through the API.
 */
export async function recordPaymentStep(
  deps: PaymentDeps,
  trx: Db,
  input: { request: { id: string; procedureVersionId: string; applicantId: string | null }; actorId: string | null; partner?: { partnerId: string; tokenId: string }; step: PaymentStep; payment?: Payment; ip?: string | null },
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
  const partner = input.partner ? { partnerId: input.partner.partnerId, tokenId: input.partner.tokenId } : {};
  await insertEvent(trx, { requestId: input.request.id, occurredAt: now, actorId: input.actorId, event: `payment.${input.step}`, reason: summary, details: { ...details, ...partner } });
  await audit(trx, deps.clock, { event: `request.payment_${input.step}`, actorId: input.actorId, ip: input.ip ?? null, details: { requestId: input.request.id, ...details, ...partner } });
  await queueWebhookEvent(deps, trx, {
    event: "paiement.modifie",
    requestId: input.request.id,
    applicantId: input.request.applicantId,
    data: {
      paiement: input.payment
        ? { etape: webhookSteps[input.step], versement: input.payment.id, libelle: input.payment.label, montant_centimes: input.payment.amountCents, statut: input.payment.status, paye_le: input.payment.paidOn ?? null }
        : { etape: webhookSteps[input.step], versement: null, libelle: null, montant_centimes: grant?.amountCents ?? 0, statut: null, paye_le: null },
    },
  });

  const contact = await findApplicantContact(trx, input.request.id);
  const to = contact?.applicantEmail ?? contact?.accountEmail;
  if (!contact?.number || !to) return;
  const definition = await findVersionDefinition(trx, input.request.procedureVersionId);
  const mail = await paymentMail(deps.config, contact, { id: input.request.id, number: contact.number, procedureTitle: definition.titre }, input.step, { grantedCents: grant?.amountCents ?? 0, payments });
  await deps.mailer.queue(trx, to, mail);
}

/** The actor's columns of a payment step (see PaymentActor). */
export function stepActor(actor: PaymentActor): { actorId: string | null; partner?: { partnerId: string; tokenId: string } } {
  return actor.kind === "agent" ? { actorId: actor.agentId } : { actorId: null, partner: { partnerId: actor.partnerId, tokenId: actor.tokenId } };
}
