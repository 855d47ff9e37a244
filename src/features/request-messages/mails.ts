import type { Config } from "../../platform/config.ts";
import { renderMail } from "../../platform/mail/layout.tsx";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { messagePaths } from "./paths.ts";
import { type Addressee, greeting } from "../../core/requests/mail-parts.ts";

/*
 * The mails of the thread say that a message is waiting, never what it says: a mail crosses
 * servers nobody controls and is often read on shared devices, and a message about a request may
 * hold personal details (income, health, family). The reader follows the link and logs in.
 */


interface AboutRequest {
  id: string;
  number: string;
  title: string;
}

/** To the applicant, when an agent writes to them (never for an internal note). */
export function agentMessageMail(config: Config, person: Addressee, request: AboutRequest) {
  return renderMail(config.brand, {
    subject: "Nouveau message sur votre demande",
    greeting: greeting(person),
    blocks: [
      { paragraph: `Le service instructeur vous a écrit au sujet de votre demande n° ${formatRequestNumber(request.number)} (« ${request.title} »).` },
      { paragraph: "Pour lire ce message et y répondre, connectez-vous à votre espace personnel, rubrique « Mes demandes », puis « Messagerie »." },
      { link: { label: "Lire le message", url: `${config.publicUrl}${messagePaths.applicant(request.id)}` } },
      { note: "Pour protéger vos informations personnelles, le contenu du message n'est pas reproduit dans ce courriel." },
    ],
  });
}

/** To the agent in charge of the request, when its applicant writes. */
export function applicantMessageMail(config: Config, agent: Addressee, request: AboutRequest & { slug: string }) {
  return renderMail(config.brand, {
    subject: "Nouveau message d'un demandeur",
    greeting: greeting(agent),
    blocks: [
      { paragraph: `Le demandeur de la demande n° ${formatRequestNumber(request.number)} (« ${request.title} »), que vous avez prise en charge, vous a écrit.` },
      { link: { label: "Lire le message", url: `${config.publicUrl}${messagePaths.agent(request.slug, request.id)}` } },
    ],
  });
}
