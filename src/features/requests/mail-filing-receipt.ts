import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { filingReceiptMail } from "./mails.ts";
import { renderFilingReceipt } from "../../core/requests/pdf.ts";
import { findApplicantName, findRequestForMail, findVersionDefinition, listRequestDocuments } from "../../core/requests/queries/requests.ts";
import { documentLines } from "../../core/requests/completeness.ts";

/**
 * Run by the "request-pdf-mail" job once a filing is committed: builds the filing receipt from
 * the request as filed and mails it to the request's address. Nothing for a request that is not
 * filed (any more) or has no address.
 */
export async function mailFilingReceipt(deps: { db: Db; clock: Clock; mailer: Mailer; config: Config }, requestId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const request = await findRequestForMail(trx, requestId);
    if (!request?.number || !request.filedAt || !request.applicantEmail) return;
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const receipt = await renderFilingReceipt({
      brand: deps.config.brand,
      title: "Récépissé de dépôt",
      procedureTitle: definition.titre,
      number: request.number,
      applicant: await findApplicantName(trx, request.applicantId),
      date: request.filedAt,
      documents: documentLines(definition, await listRequestDocuments(trx, request.id)),
    });
    const content = await filingReceiptMail(deps.config, { requestId: request.id, procedureTitle: definition.titre, number: request.number, filedAt: request.filedAt, receipt });
    await deps.mailer.queue(trx, request.applicantEmail, content);
  });
}
