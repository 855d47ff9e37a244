import type { Config } from "../../platform/config.ts";
import type { MailAttachment } from "../../platform/db/schema.ts";
import { renderMail } from "../../platform/mail/layout.tsx";
import { formatDay } from "../../core/requests/presentation.ts";
import { type Addressee, type RequestRef, greeting, requestReference as reference } from "../../core/requests/mail-parts.ts";

/** The mails of updates, renewals and expiry (issue 12), to the applicant. */

const requestLink = (config: Config, request: RequestRef) => ({ label: "Consulter ma demande", url: `${config.publicUrl}/demandes/${request.id}` });

/** One month or one week before the end of validity: renew, or the request expires. */
export async function renewalReminderMail(config: Config, person: Addressee, request: RequestRef, input: { validUntil: Date; which: "month" | "week" }) {
  return renderMail(config.brand, {
    subject: input.which === "week" ? "Dernier rappel : votre demande expire dans une semaine" : "Votre demande est à renouveler",
    greeting: greeting(person),
    blocks: [
      { paragraph: `${reference(request)} est valable jusqu'au ${formatDay(input.validUntil)}.` },
      { paragraph: "Pour la garder active, renouvelez-la avant cette date : connectez-vous, ouvrez votre demande puis choisissez « Renouveler ma demande ». Son numéro et son ancienneté sont conservés." },
      { paragraph: "Sans renouvellement, votre demande expirera et ne sera plus instruite." },
      { link: { label: "Renouveler ma demande", url: `${config.publicUrl}/demandes/${request.id}/renouveler` } },
    ],
  });
}

/** The request expired without renewal. */
export async function expiredMail(config: Config, person: Addressee, request: RequestRef, input: { validUntil: Date }) {
  return renderMail(config.brand, {
    subject: "Votre demande a expiré",
    greeting: greeting(person),
    blocks: [
      { paragraph: `${reference(request)} n'a pas été renouvelée avant le ${formatDay(input.validUntil)} : elle a expiré et ne sera plus instruite.` },
      { paragraph: "Vous pouvez déposer une nouvelle demande depuis votre espace." },
      { link: requestLink(config, request) },
    ],
  });
}

/** The renewal is recorded: the new end of validity. */
export async function renewedMail(config: Config, person: Addressee, request: RequestRef, input: { validUntil: Date }) {
  return renderMail(config.brand, {
    subject: "Votre demande est renouvelée",
    greeting: greeting(person),
    blocks: [
      { paragraph: `${reference(request)} est renouvelée. Elle est désormais valable jusqu'au ${formatDay(input.validUntil)}.` },
      { paragraph: "Son numéro et son ancienneté sont conservés." },
      { link: requestLink(config, request) },
    ],
  });
}

/** After an update: the PDF of what changed attached. */
export async function updatedMail(config: Config, person: Addressee, request: RequestRef, attachment: MailAttachment) {
  const content = await renderMail(config.brand, {
    subject: "Votre demande est mise à jour",
    greeting: greeting(person),
    blocks: [
      { paragraph: `${reference(request)} a bien été mise à jour. Son numéro et son ancienneté sont conservés.` },
      { paragraph: "Vous trouverez en pièce jointe le récapitulatif des informations modifiées." },
      { link: requestLink(config, request) },
    ],
  });
  return { ...content, attachments: [attachment] };
}
