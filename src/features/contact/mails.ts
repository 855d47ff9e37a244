import type { Config } from "../../platform/config.ts";
import { renderMail, type MailBlock } from "../../platform/mail/layout.tsx";
import type { SupportTopic } from "../../platform/db/schema.ts";
import { TOPICS } from "./policies.ts";
import { questionPaths } from "./paths.ts";

const greeting = (name: string) => `Bonjour ${name},`;

/** The text as typed, one paragraph per paragraph (the mail layout escapes each). */
const paragraphs = (text: string): MailBlock[] =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => ({ paragraph }));

/** The acknowledgement, sent with the question's storage (same transaction). */
export function questionReceivedMail(config: Config, input: { name: string; reference: string; topic: SupportTopic; withAccount: boolean; questionId: string }) {
  return renderMail(config.brand, {
    subject: `Nous avons bien reçu votre question (${input.reference})`,
    greeting: greeting(input.name),
    blocks: [
      { paragraph: `Votre question « ${TOPICS[input.topic]} » est enregistrée sous la référence ${input.reference}. Rappelez cette référence si vous nous contactez à son sujet.` },
      { paragraph: "Un agent du support la lit et vous répond par courriel, à cette adresse." },
      ...(input.withAccount
        ? [
            { paragraph: "La réponse sera aussi visible dans votre espace personnel, rubrique « Mes questions » du tableau de bord." },
            { link: { label: "Voir ma question", url: `${config.publicUrl}${questionPaths.mine(input.questionId)}` } },
          ]
        : []),
      { note: "Vous n'avez pas envoyé de question ? Ignorez ce courriel." },
    ],
  });
}

/**
 * The support's answer. It is carried in the mail: a person without an account has no other way
 * to read it (the answer is about the portal's use, written for them by the support).
 */
export function answerMail(config: Config, input: { name: string; reference: string; answer: string; questionId: string; withAccount: boolean }) {
  return renderMail(config.brand, {
    subject: `Réponse à votre question (${input.reference})`,
    greeting: greeting(input.name),
    blocks: [
      { paragraph: `Le support a répondu à votre question ${input.reference} :` },
      ...paragraphs(input.answer),
      ...(input.withAccount
        ? [{ link: { label: "Voir la réponse et répondre", url: `${config.publicUrl}${questionPaths.mine(input.questionId)}` } }]
        : [{ paragraph: `Pour une autre question, utilisez le formulaire de contact : ${config.publicUrl}/contact` }]),
      { note: "Ne répondez pas à ce courriel : cette adresse ne reçoit pas de messages." },
    ],
  });
}

/** To the agent handling a question, when the person replies (the reply is read on the portal). */
export function personRepliedMail(config: Config, agent: { civility: string | null; lastName: string }, input: { reference: string; questionId: string }) {
  return renderMail(config.brand, {
    subject: `Nouvelle réponse à la question ${input.reference}`,
    greeting: agent.civility ? `Bonjour ${agent.civility} ${agent.lastName},` : "Bonjour,",
    blocks: [
      { paragraph: `La personne qui a posé la question ${input.reference}, qui vous est attribuée, a répondu.` },
      { link: { label: "Lire la réponse", url: `${config.publicUrl}${questionPaths.support(input.questionId)}` } },
    ],
  });
}
