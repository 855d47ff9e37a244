import type { Config } from "../../platform/config.ts";
import { renderMail } from "../../platform/mail/layout.tsx";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { formatActivationCode } from "../../core/organisations/activation-code.ts";
import { CLAIM_CODE_VALIDITY_MINUTES } from "./policies.ts";

const parisTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

/**
 * The code that proves the person reading the request's mail is its applicant. It does not say
 * who asked (the account is someone else's business until the code is typed) and says what to do
 * when it was not them.
 */
export function claimCodeMail(config: Config, input: { number: string; title: string; code: string }) {
  return renderMail(config.brand, {
    subject: "Code pour rattacher votre demande",
    greeting: "Bonjour,",
    blocks: [
      {
        paragraph: `Quelqu'un a demandé à rattacher à son compte ${config.brand.name} la demande « ${input.title} » n° ${formatRequestNumber(input.number)}, dont les courriels sont envoyés à cette adresse.`,
      },
      { paragraph: "Si c'est vous, saisissez ce code sur la page « Rattacher une demande existante » :" },
      { code: formatActivationCode(input.code) },
      { paragraph: `Ce code est valable ${CLAIM_CODE_VALIDITY_MINUTES} minutes et ne sert qu'une fois.` },
      {
        note: "Si vous n'êtes pas à l'origine de cette demande, ne transmettez ce code à personne et ignorez ce courriel : la demande reste rattachée au compte actuel. Nous ne vous demanderons jamais ce code par téléphone ou par courriel.",
      },
    ],
  });
}

/**
 * To the account that held the request: it has left their "Mes demandes". Whoever typed the code
 * read the request's mail; if that was not the account's holder, they must be able to react.
 */
export function requestDetachedMail(config: Config, input: { civility: string; lastName: string; number: string; title: string; attachedAt: Date }) {
  return renderMail(config.brand, {
    subject: "Une de vos demandes est rattachée à un autre compte",
    greeting: `Bonjour ${input.civility} ${input.lastName},`,
    blocks: [
      {
        paragraph: `La demande « ${input.title} » n° ${formatRequestNumber(input.number)} a été rattachée à un autre compte ${config.brand.name} le ${parisTime.format(input.attachedAt)}, avec le code envoyé à l'adresse électronique de la demande. Elle n'apparaît plus dans « Mes demandes » sur votre compte.`,
      },
      { paragraph: "Si vous n'êtes pas à l'origine de ce rattachement et ne l'attendiez pas, contactez-nous : nous vérifierons à qui appartient la demande." },
      { link: { label: "Nous contacter", url: `${config.publicUrl}/contact` } },
    ],
  });
}
