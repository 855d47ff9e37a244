import type { Config } from "../../platform/config.ts";
import { renderMail, type MailBlock } from "../../platform/mail/layout.tsx";

export interface Addressee {
  civility: string;
  lastName: string;
  identifier: string;
  status: "pending" | "active";
}

const greeting = (account: Addressee) => `Bonjour ${account.civility} ${account.lastName},`;

const parisTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

export function identifierReminderMail(config: Config, account: Addressee) {
  const blocks: MailBlock[] = [
    { paragraph: `Vous avez demandé à retrouver l'identifiant de votre compte ${config.brand.name}. Votre identifiant est :` },
    { code: account.identifier },
  ];
  if (account.status === "pending")
    blocks.push(
      { paragraph: "Votre compte n'est pas encore activé. Pour l'activer, demandez un nouveau lien d'activation :" },
      { link: { label: "Recevoir un nouveau lien d'activation", url: `${config.publicUrl}/activer-mon-compte/nouveau-lien` } },
    );
  else blocks.push({ link: { label: "Se connecter", url: `${config.publicUrl}/connexion` } });
  blocks.push({ note: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : rien n'a été modifié." });
  return renderMail(config.brand, { subject: "Votre identifiant", greeting: greeting(account), blocks });
}

export function passwordResetMail(config: Config, account: Addressee, token: string) {
  return renderMail(config.brand, {
    subject: "Réinitialisation de votre mot de passe",
    greeting: greeting(account),
    blocks: [
      { paragraph: `Vous avez demandé à réinitialiser le mot de passe de votre compte ${config.brand.name} (identifiant ${account.identifier}).` },
      { paragraph: "Pour choisir un nouveau mot de passe, suivez le lien ci-dessous. Il est valable 1 heure et ne peut servir qu'une fois." },
      { link: { label: "Choisir un nouveau mot de passe", url: `${config.publicUrl}/reinitialiser-mon-mot-de-passe?jeton=${token}` } },
      { note: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre mot de passe actuel reste valable." },
    ],
  });
}

export function passwordChangedMail(config: Config, account: Addressee, changedAt: Date) {
  return renderMail(config.brand, {
    subject: "Votre mot de passe a été modifié",
    greeting: greeting(account),
    blocks: [
      { paragraph: `Le mot de passe de votre compte ${config.brand.name} (identifiant ${account.identifier}) a été modifié le ${parisTime.format(changedAt)}.` },
      { paragraph: "Par sécurité, toutes les sessions ouvertes sur votre compte ont été fermées." },
      { paragraph: "Si vous n'êtes pas à l'origine de cette modification, réinitialisez immédiatement votre mot de passe :" },
      { link: { label: "Récupérer mes informations de connexion", url: `${config.publicUrl}/recuperer-mes-informations` } },
    ],
  });
}
