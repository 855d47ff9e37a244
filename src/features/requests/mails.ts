import type { Config } from "../../platform/config.ts";
import type { MailAttachment } from "../../platform/db/schema.ts";
import { renderMail } from "../../platform/mail/layout.tsx";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { formatDateTime } from "../../core/requests/presentation.ts";

/** To the applicant at filing: the number, the date, the receipt attached. */
export async function filingReceiptMail(config: Config, input: { requestId: string; procedureTitle: string; number: string; filedAt: Date; receipt: Buffer }) {
  const content = await renderMail(config.brand, {
    subject: "Votre demande est déposée",
    greeting: "Bonjour,",
    blocks: [
      { paragraph: `Votre demande « ${input.procedureTitle} » a bien été déposée le ${formatDateTime(input.filedAt)}.` },
      { paragraph: `Son numéro est ${formatRequestNumber(input.number)}. Rappelez-le dans tous vos échanges.` },
      { paragraph: "Vous trouverez en pièce jointe le récépissé de dépôt de votre demande." },
      { link: { label: "Suivre mes demandes", url: `${config.publicUrl}/demandes` } },
    ],
  });
  const attachment: MailAttachment = { filename: `recepisse-${input.number}.pdf`, contentType: "application/pdf", content: input.receipt.toString("base64") };
  return { ...content, attachments: [attachment] };
}
