import type { Config } from "../../platform/config.ts";
import { renderMail, type MailBlock } from "../../platform/mail/layout.tsx";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { type Addressee, greeting } from "./mail-parts.ts";
import { findApplicantContact } from "./queries/agents.ts";

/**
 * The applicant's mail at each decision: taken in charge, accepted, refused, closed — the same
 * mail whether an agent took it on its page (features/instruction) or a partner's system through
 * the API (features/partner-api).
 */

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

/**
 * Queues the decision mail to the applicant (the address given with the request, else the
 * account's) in the caller's transaction, so it leaves only if the decision commits. Nothing for
 * a request without a number or an address.
 */
export async function queueDecisionMail(
  deps: { config: Config; mailer: Mailer },
  trx: Db,
  input: { requestId: string; procedureTitle: string; transition: AgentTransition; reason: string | null },
): Promise<{ number: string | null }> {
  const contact = await findApplicantContact(trx, input.requestId);
  const to = contact?.applicantEmail ?? contact?.accountEmail;
  if (contact?.number && to) {
    const mail = await requestTransitionMail(deps.config, { civility: contact.civility, lastName: contact.lastName }, { number: contact.number, procedureTitle: input.procedureTitle }, input.transition, input.reason);
    await deps.mailer.queue(trx, to, mail);
  }
  return { number: contact?.number ?? null };
}
