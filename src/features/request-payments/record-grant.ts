import { FormError } from "../../platform/http/errors.ts";
import { formatEuros, parseEuros } from "../../platform/french/amount.ts";
import { checkIban } from "../../platform/french/iban.ts";
import { checkDate } from "../../core/procedures/answers/check-field.ts";
import { fillOrganisationIban } from "../../core/organisations/queries/bank-details.ts";
import { remainingCents } from "../../core/requests/payments.ts";
import { findBankDetails, findGrant, insertGrant, insertPayment } from "../../core/requests/queries/payments.ts";
import { lockAgentRequest } from "../../core/requests/request-access.ts";
import { PaymentRefusedError } from "../../core/requests/payments.ts";
import { recordPaymentStep, type PaymentDeps } from "../../core/requests/record-payment-step.ts";

/** The rows of the schedule form: an advance, a balance, and two more when needed. */
export const SCHEDULE_ROWS = [1, 2, 3, 4] as const;
export const LABEL_MAX = 100;
export const CONDITIONS_MAX = 500;

export interface ScheduleRow {
  row: number;
  label: string;
  amount: string;
  plannedOn: string;
  conditions: string;
  documentsRequired: boolean;
}

export interface RecordGrantInput {
  procedureId: string;
  requestId: string;
  agentId: string;
  amount: string;
  rows: ScheduleRow[];
}

/**
 * "Enregistrer l'aide accordée": on an accepted request, the agent records the amount granted and
 * its schedule (each payment: a label, an amount, a planned date, conditions, whether documents
 * come first). Amounts are typed as people type them ("1 500,50 €", "1500.50") and kept in cents;
 * the schedule never adds up to more than the grant. In one transaction: the grant, its payments,
 * the history line, the audit event, the applicant's mail. Posting it again (a double click, a
 * second tab) changes nothing: `{ already: true }`. FormError names each wrong field.
 */
export async function recordGrant(deps: PaymentDeps, input: RecordGrantInput, context: { ip?: string | null } = {}): Promise<{ already: boolean }> {
  const errors: Record<string, string> = {};
  const granted = parseEuros(input.amount);
  if (input.amount.trim() === "") errors.montant = "Indiquez le montant accordé, par exemple 5 000 ou 5 000,00 €.";
  else if (!granted.ok) errors.montant = granted.message;
  else if (granted.value === 0) errors.montant = "Le montant accordé doit être supérieur à 0 €.";

  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(deps.clock.now());
  const payments: { row: number; label: string; amountCents: number; plannedOn: string; conditions: string; documentsRequired: boolean }[] = [];
  for (const row of input.rows) {
    const label = row.label.trim();
    const empty = label === "" && row.amount.trim() === "" && row.plannedOn.trim() === "" && row.conditions.trim() === "" && !row.documentsRequired;
    if (empty) continue;
    const key = (name: string) => `${name}-${row.row}`;
    if (label === "") errors[key("libelle")] = "Nommez ce versement, par exemple « Avance » ou « Solde ».";
    else if ([...label].length > LABEL_MAX) errors[key("libelle")] = `Le nom du versement doit contenir au plus ${LABEL_MAX} caractères.`;
    const amount = parseEuros(row.amount);
    if (row.amount.trim() === "") errors[key("montant")] = "Indiquez le montant de ce versement.";
    else if (!amount.ok) errors[key("montant")] = amount.message;
    else if (amount.value === 0) errors[key("montant")] = "Le montant du versement doit être supérieur à 0 €.";
    const date = checkDate(row.plannedOn.trim(), undefined, today);
    if (row.plannedOn.trim() === "") errors[key("date")] = "Indiquez la date prévue de ce versement.";
    else if (!date.ok) errors[key("date")] = date.message;
    const conditions = row.conditions.trim();
    if ([...conditions].length > CONDITIONS_MAX) errors[key("conditions")] = `Les conditions doivent contenir au plus ${CONDITIONS_MAX} caractères.`;
    if (row.documentsRequired && conditions === "") errors[key("conditions")] = "Indiquez les pièces à fournir avant ce versement (par exemple les factures acquittées).";
    payments.push({ row: row.row, label, amountCents: amount.ok ? amount.value : 0, plannedOn: date.ok ? date.value : "", conditions, documentsRequired: row.documentsRequired });
  }
  if (payments.length === 0 && !errors.montant) errors[`libelle-${SCHEDULE_ROWS[0]}`] = "Indiquez au moins un versement (par exemple une avance et un solde).";
  if (granted.ok && Object.keys(errors).length === 0) {
    let scheduled = 0;
    for (const payment of payments) {
      const left = remainingCents(granted.value, [{ amountCents: scheduled }]);
      if (payment.amountCents > left) {
        errors[`montant-${payment.row}`] = `Ce versement dépasse le montant restant à verser (${formatEuros(left)}) : le total des versements ne peut pas dépasser le montant accordé (${formatEuros(granted.value)}).`;
        break;
      }
      scheduled += payment.amountCents;
    }
  }
  if (Object.keys(errors).length > 0) throw new FormError(errors);

  return deps.db.transaction().execute(async (trx) => {
    const request = await lockAgentRequest(trx, input);
    if (await findGrant(trx, request.id)) return { already: true };
    if (request.status !== "accepted") throw new PaymentRefusedError("L'aide accordée s'enregistre sur une demande acceptée : acceptez d'abord la demande.");
    const now = deps.clock.now();
    await insertGrant(trx, { requestId: request.id, amountCents: granted.ok ? granted.value : 0, recordedBy: input.agentId, now });
    let position = 0;
    for (const payment of payments) await insertPayment(trx, { requestId: request.id, position: ++position, ...payment, now });
    // The organisation's record keeps the IBAN the request gave, when it had none ("dites-le-nous une fois").
    const bank = await findBankDetails(trx, request.id);
    const answered = bank?.answerIban ? checkIban(bank.answerIban) : undefined;
    if (bank?.organisationId && !bank.organisationIban && answered?.ok) await fillOrganisationIban(trx, bank.organisationId, answered.value);
    await recordPaymentStep(deps, trx, { request, actorId: input.agentId, step: "granted", ip: context.ip ?? null });
    return { already: false };
  });
}
