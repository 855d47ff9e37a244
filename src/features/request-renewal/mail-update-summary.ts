import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { winAnsi } from "../../platform/letters/render-letter.ts";
import { renderChangesPdf } from "../../core/requests/changes-pdf.ts";
import { formatDateTime } from "../../core/requests/presentation.ts";
import { findApplicantContact } from "../../core/requests/queries/agents.ts";
import type { ModificationChange } from "../../core/requests/queries/asks.ts";
import { findApplicantName, findRequestForMail, findVersionDefinition } from "../../core/requests/queries/requests.ts";
import { updatedMail } from "./mails.ts";

/**
 * Run by the "request-pdf-mail" job once an update is committed: the PDF of what changed
 * (before / after, carried by the job) mailed to the applicant with the confirmation.
 */
export async function mailUpdateSummary(deps: { db: Db; clock: Clock; mailer: Mailer; config: Config }, input: { requestId: string; updatedAt: Date; changes: ModificationChange[] }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const request = await findRequestForMail(trx, input.requestId);
    const contact = await findApplicantContact(trx, input.requestId);
    const to = contact?.applicantEmail ?? contact?.accountEmail;
    if (!request?.number || !to) return;
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const pdf = await renderChangesPdf({
      brand: deps.config.brand,
      procedureTitle: definition.titre,
      number: request.number,
      applicant: await findApplicantName(trx, request.applicantId),
      date: input.updatedAt,
      changes: input.changes,
      intro: (doc, width) => doc.text(winAnsi(`Demande mise à jour par le demandeur le ${formatDateTime(input.updatedAt)}.`), { width }),
    });
    const attachment = { filename: `mise-a-jour-${request.number}.pdf`, contentType: "application/pdf", content: pdf.toString("base64") };
    await deps.mailer.queue(trx, to, await updatedMail(deps.config, contact ?? { civility: null, lastName: null }, { id: request.id, number: request.number, procedureTitle: definition.titre }, attachment));
  });
}
