import type { Config } from "../../platform/config.ts";
import { renderMail } from "../../platform/mail/layout.tsx";

interface Addressee {
  civility: string;
  lastName: string;
  identifier: string;
}

const greeting = (account: Addressee) => `Bonjour ${account.civility} ${account.lastName},`;

export function activationMail(config: Config, account: Addressee, token: string) {
  return renderMail(config.brand, {
    subject: "Activez votre compte",
    greeting: greeting(account),
    blocks: [
      { paragraph: `Votre compte ${config.brand.name} a été créé avec l'identifiant ${account.identifier}.` },
      { paragraph: "Pour l'activer, suivez le lien ci-dessous. Il est valable 72 heures et ne peut servir qu'une fois." },
      { link: { label: "Activer mon compte", url: `${config.publicUrl}/activer-mon-compte?jeton=${token}` } },
      { note: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : le compte ne sera pas activé." },
    ],
  });
}

export function alreadyRegisteredMail(config: Config, account: Addressee) {
  return renderMail(config.brand, {
    subject: "Vous avez déjà un compte",
    greeting: greeting(account),
    blocks: [
      { paragraph: `Une demande de création de compte a été faite avec votre adresse électronique, mais un compte ${config.brand.name} existe déjà pour cette adresse.` },
      { paragraph: `Votre identifiant est : ${account.identifier}` },
      { paragraph: "Si vous avez oublié votre mot de passe, vous pouvez le réinitialiser :" },
      { link: { label: "Récupérer mes informations de connexion", url: `${config.publicUrl}/recuperer-mes-informations` } },
      { note: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : rien n'a été modifié." },
    ],
  });
}
