import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { findApplicantContact } from "../../core/requests/queries/agents.ts";
import { findApplicantName, findRequestForMail, findVersionDefinition } from "../../core/requests/queries/requests.ts";
import { answerConfirmationMail } from "./mails.ts";
import { renderModificationSummary } from "./pdf.ts";
import { findAsk } from "../../core/requests/queries/asks.ts";

/**
 * Run by the "request-pdf-mail" job once a contribution for modification is committed: builds
 * the PDF of what changed (before / after) from the answered ask and mails it to the applicant
 * with the confirmation. Nothing for an ask that is not an answered modification.
 */
export async function mailModificationSummary(deps: { db: Db; clock: Clock; mailer: Mailer; config: Config }, input: { requestId: string; askId: string }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const ask = await findAsk(trx, input.requestId, input.askId);
    if (!ask || ask.kind !== "modification" || ask.status !== "answered" || !ask.answeredAt) return;
    const request = await findRequestForMail(trx, input.requestId);
    const contact = await findApplicantContact(trx, input.requestId);
    const to = contact?.applicantEmail ?? contact?.accountEmail;
    if (!request?.number || !to) return;
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const pdf = await renderModificationSummary({
      brand: deps.config.brand,
      procedureTitle: definition.titre,
      number: request.number,
      applicant: await findApplicantName(trx, request.applicantId),
      date: ask.answeredAt,
      askedAt: ask.askedAt,
      message: ask.message,
      changes: ask.answer.changes ?? [],
    });
    const attachment = { filename: `modifications-${request.number}.pdf`, contentType: "application/pdf", content: pdf.toString("base64") };
    const reference = { id: request.id, number: request.number, procedureTitle: definition.titre };
    await deps.mailer.queue(trx, to, await answerConfirmationMail(deps.config, contact ?? { civility: null, lastName: null }, reference, "modification", attachment));
  });
}
