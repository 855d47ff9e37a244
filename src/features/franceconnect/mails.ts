import type { Config } from "../../platform/config.ts";
import { renderMail } from "../../platform/mail/layout.tsx";

/**
 * Sent instead of a new account when the address given after FranceConnect already has one:
 * the page says the same either way, and only the address's owner learns how to link.
 */
export function alreadyRegisteredWithFranceConnectMail(config: Config, account: { civility: string; lastName: string; identifier: string }) {
  return renderMail(config.brand, {
    subject: "Vous avez déjà un compte",
    greeting: `Bonjour ${account.civility} ${account.lastName},`,
    blocks: [
      { paragraph: `Une création de compte avec FranceConnect a été demandée avec votre adresse électronique, mais un compte ${config.brand.name} existe déjà pour cette adresse. Aucun nouveau compte n'a été créé et votre compte n'a pas été modifié.` },
      { paragraph: `Votre identifiant est : ${account.identifier}` },
      { paragraph: "Pour vous connecter avec FranceConnect, connectez-vous d'abord avec votre identifiant et votre mot de passe, puis choisissez « Relier FranceConnect » dans « Mon compte »." },
      { link: { label: "Se connecter", url: `${config.publicUrl}/connexion` } },
      { note: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel." },
    ],
  });
}
