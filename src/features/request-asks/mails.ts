import type { Config } from "../../platform/config.ts";
import type { RequestAskKind } from "../../platform/db/schema.ts";
import type { MailAttachment } from "../../platform/db/schema.ts";
import { renderMail, type MailBlock } from "../../platform/mail/layout.tsx";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { type Addressee, type RequestRef, greeting, requestReference as reference } from "../../core/requests/mail-parts.ts";

/** The mails of the agent → applicant loop: the ask, the applicant's confirmation, the agent's notice. */


/** To the applicant: an agent asks for a contribution for modification, or for documents. */
export function askMail(config: Config, person: Addressee, request: RequestRef, ask: { kind: RequestAskKind; message: string; items: string[] }) {
  const modification = ask.kind === "modification";
  const blocks: MailBlock[] = [
    {
      paragraph: modification
        ? `${reference(request)} fait l'objet d'une demande de contribution pour modification.`
        : `${reference(request)} fait l'objet d'une demande de pièces complémentaires.`,
    },
    ...(ask.message ? [{ paragraph: `Message de l'agent : ${ask.message}` }] : []),
    {
      paragraph: modification
        ? `Étapes que vous pouvez modifier : ${ask.items.join(", ")}.`
        : `Liste des pièces : ${ask.items.join(", ")}.`,
    },
    {
      paragraph: modification
        ? "Connectez-vous à votre espace personnel : en cliquant sur « Contribution pour modification », vous accédez aux éléments de la demande transmise afin d'effectuer les modifications souhaitées."
        : "Connectez-vous à votre espace personnel, rubrique « Demandes de compléments sur les pièces », puis « Répondre ».",
    },
    { link: { label: "Voir ma demande", url: `${config.publicUrl}/demandes/${request.id}` } },
    { note: "La demande ne pourra pas être décidée avant votre réponse." },
  ];
  return renderMail(config.brand, {
    subject: modification ? "Demande de contribution pour modification" : "Demande de pièces complémentaires",
    greeting: greeting(person),
    blocks,
  });
}

/** To the applicant: their answer is sent; for a modification, with the PDF of what changed. */
export async function answerConfirmationMail(config: Config, person: Addressee, request: RequestRef, kind: RequestAskKind, attachment?: MailAttachment) {
  const modification = kind === "modification";
  const mail = await renderMail(config.brand, {
    subject: modification ? "Votre demande a été modifiée" : "Votre réponse a bien été transmise",
    greeting: greeting(person),
    blocks: [
      {
        paragraph: modification
          ? `${reference(request)} a bien été modifiée : votre contribution est transmise à l'agent qui l'instruit. Vous trouverez en pièce jointe le récapitulatif des informations modifiées.`
          : `Votre réponse à la demande de pièces complémentaires sur la demande n° ${formatRequestNumber(request.number)} (« ${request.procedureTitle} ») a bien été transmise à l'agent qui l'instruit.`,
      },
      { link: { label: "Voir ma demande", url: `${config.publicUrl}/demandes/${request.id}` } },
    ],
  });
  return attachment ? { ...mail, attachments: [attachment] } : mail;
}

/** To the agent who asked: the applicant answered. */
export function agentNoticeMail(config: Config, agent: Addressee, request: RequestRef & { slug: string }, kind: RequestAskKind) {
  return renderMail(config.brand, {
    subject: kind === "modification" ? "Contribution pour modification reçue" : "Pièces complémentaires reçues",
    greeting: greeting(agent),
    blocks: [
      {
        paragraph: `Le demandeur a répondu à votre ${kind === "modification" ? "demande de modification" : "demande de pièces complémentaires"} sur la demande n° ${formatRequestNumber(request.number)} (« ${request.procedureTitle} »).`,
      },
      { link: { label: "Voir la demande", url: `${config.publicUrl}/instruction/${request.slug}/${request.id}` } },
    ],
  });
}
