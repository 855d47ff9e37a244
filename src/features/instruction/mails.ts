import type { Config } from "../../platform/config.ts";
import { renderMail, type MailBlock } from "../../platform/mail/layout.tsx";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { type Addressee, greeting } from "../../core/requests/mail-parts.ts";

/** The applicant's mails at each step an agent takes: taken in charge, accepted, refused, closed. */

export type AgentTransition = "take" | "accept" | "refuse" | "close";


const wording: Record<AgentTransition, { subject: string; paragraph: string }> = {
  take: {
    subject: "Votre demande est prise en charge",
    paragraph: "est prise en charge : un agent l'instruit. Vous serez informé par courriel de la décision.",
  },
  accept: { subject: "Votre demande est acceptée", paragraph: "est acceptée." },
  refuse: { subject: "Votre demande est refusée", paragraph: "est refusée." },
  close: { subject: "Votre demande est classée sans suite", paragraph: "est classée sans suite : elle ne sera pas instruite davantage." },
};

/** To the applicant: what happened to the request, with the agent's reason when there is one. */
export function requestTransitionMail(
  config: Config,
  person: Addressee,
  request: { number: string; procedureTitle: string },
  transition: AgentTransition,
  reason: string | null,
) {
  const { subject, paragraph } = wording[transition];
  const blocks: MailBlock[] = [
    { paragraph: `Votre demande n° ${formatRequestNumber(request.number)} (« ${request.procedureTitle} ») ${paragraph}` },
    ...(reason ? [{ paragraph: `${transition === "refuse" ? "Motif du refus" : "Message de l'agent"} : ${reason}` }] : []),
    { paragraph: "Vous pouvez suivre votre demande et consulter son historique dans votre espace personnel, rubrique « Mes demandes »." },
    { link: { label: "Mes demandes", url: `${config.publicUrl}/demandes` } },
  ];
  return renderMail(config.brand, { subject, greeting: greeting(person), blocks });
}
