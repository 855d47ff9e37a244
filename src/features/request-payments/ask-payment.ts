import type { Config } from "../../platform/config.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { deleteUpload, type UploadRecord } from "../../platform/uploads/uploads.ts";
import { canAsk } from "../../core/requests/payments.ts";
import { insertPaymentFile, lockPayment, setPaymentStatus } from "../../core/requests/queries/payments.ts";
import { insertRequestDocument, insertUpload } from "../../core/requests/queries/requests.ts";
import { lockApplicantRequest } from "../../core/requests/request-access.ts";
import { PaymentRefusedError } from "../../core/requests/payments.ts";
import { recordPaymentStep, type PaymentDeps } from "../../core/requests/record-payment-step.ts";

/** Why a payment's documents are refused: it needs none, or it was already asked for. */
export function whyNoAsk(payment: { label: string; status: string; documentsRequired: boolean }): string {
  if (!payment.documentsRequired) return `Le versement « ${payment.label} » ne demande aucune pièce : le service instructeur le mandate sans demande de votre part.`;
  return `Le versement « ${payment.label} » a déjà été demandé : ses justificatifs ne peuvent plus être envoyés.`;
}

/**
 * "Demander ce versement": the applicant sends the documents a planned payment's conditions ask
 * for (spending receipts…). The file joins the request's documents (as with a documents ask, the
 * agent finds it in the request's list) and the payment's; the payment is asked. A payment that
 * needs no documents, or is no longer planned, refuses them (the file is deleted). One
 * transaction with the history line, the audit event and the applicant's confirmation.
 */
export async function askPayment(deps: PaymentDeps & { config: Config }, input: { requestId: string; accountId: string; paymentId: string; upload: UploadRecord }, context: { ip?: string | null } = {}) {
  try {
    await deps.db.transaction().execute(async (trx) => {
      const request = await lockApplicantRequest(trx, input);
      const payment = await lockPayment(trx, request.id, input.paymentId);
      if (!payment) throw new NotFoundError();
      if (!canAsk(payment)) throw new PaymentRefusedError(whyNoAsk(payment));
      const now = deps.clock.now();
      await insertUpload(trx, input.upload);
      await insertRequestDocument(trx, { requestId: request.id, documentId: `Justificatifs du versement « ${payment.label} »`, uploadId: input.upload.id, uploadedBy: input.accountId, now });
      await insertPaymentFile(trx, payment.id, input.upload.id);
      await setPaymentStatus(trx, { paymentId: payment.id, status: "asked", now });
      await recordPaymentStep(deps, trx, { request, actorId: input.accountId, step: "asked", payment: { ...payment, status: "asked" }, ip: context.ip ?? null });
    });
  } catch (error) {
    await deleteUpload(deps, input.upload);
    throw error;
  }
}
