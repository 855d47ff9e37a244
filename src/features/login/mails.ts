import type { Config } from "../../platform/config.ts";
import { renderMail } from "../../platform/mail/layout.tsx";

export function throttledMail(config: Config, account: { civility: string; lastName: string }) {
  return renderMail(config.brand, {
    subject: "Tentatives de connexion à votre compte",
    greeting: `Bonjour ${account.civility} ${account.lastName},`,
    blocks: [
      { paragraph: "Plusieurs tentatives de connexion à votre compte ont échoué. Par sécurité, les nouvelles tentatives sont retardées pendant quelques minutes ; votre compte n'est pas bloqué." },
      { paragraph: "Si c'était vous, patientez quelques minutes ou réinitialisez votre mot de passe. Si ce n'était pas vous, nous vous conseillons de changer votre mot de passe :" },
      { link: { label: "Réinitialiser mon mot de passe", url: `${config.publicUrl}/recuperer-mes-informations` } },
    ],
  });
}
