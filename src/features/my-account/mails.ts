import type { Config } from "../../platform/config.ts";
import { renderMail } from "../../platform/mail/layout.tsx";

interface Addressee {
  civility: string;
  lastName: string;
}

const greeting = (account: Addressee) => `Bonjour ${account.civility} ${account.lastName},`;

/** To the new address: the link that makes the change. */
export function confirmNewEmailMail(config: Config, account: Addressee, token: string) {
  return renderMail(config.brand, {
    subject: "Confirmez votre nouvelle adresse électronique",
    greeting: greeting(account),
    blocks: [
      { paragraph: `Vous avez demandé que cette adresse devienne celle de votre compte ${config.brand.name}.` },
      { paragraph: "Pour confirmer ce changement, suivez le lien ci-dessous. Il est valable 24 heures et ne peut servir qu'une fois. D'ici là, votre adresse actuelle reste celle de votre compte." },
      { link: { label: "Confirmer ma nouvelle adresse électronique", url: `${config.publicUrl}/mon-compte/confirmer-adresse-electronique?jeton=${token}` } },
      { note: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : rien ne sera modifié." },
    ],
  });
}

/** To the current address: someone asked to replace it. */
export function emailChangeRequestedMail(config: Config, account: Addressee) {
  return renderMail(config.brand, {
    subject: "Demande de modification de votre adresse électronique",
    greeting: greeting(account),
    blocks: [
      { paragraph: `Une demande de modification de votre adresse électronique a été faite depuis votre compte ${config.brand.name}.` },
      { paragraph: "La nouvelle adresse ne remplacera celle-ci qu'après avoir été confirmée par le lien qui lui a été envoyé, valable 24 heures." },
      { paragraph: "Si vous n'êtes pas à l'origine de cette demande, quelqu'un connaît peut-être votre mot de passe : modifiez-le sans attendre." },
      { link: { label: "Réinitialiser mon mot de passe", url: `${config.publicUrl}/recuperer-mes-informations` } },
    ],
  });
}

/** To an address another account already uses: nothing changed, and the requester learns nothing more on the page. */
export function emailAlreadyUsedMail(config: Config, owner: Addressee) {
  return renderMail(config.brand, {
    subject: "Cette adresse électronique est déjà utilisée",
    greeting: greeting(owner),
    blocks: [
      { paragraph: `Une demande a été faite pour utiliser cette adresse électronique sur un compte ${config.brand.name}, mais votre compte utilise déjà cette adresse. Une adresse ne peut servir qu'à un seul compte : rien n'a été modifié.` },
      { note: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel." },
    ],
  });
}

/** To the former address once the change is made. */
export function emailChangedMail(config: Config, account: Addressee) {
  return renderMail(config.brand, {
    subject: "Votre adresse électronique a été modifiée",
    greeting: greeting(account),
    blocks: [
      { paragraph: `L'adresse électronique de votre compte ${config.brand.name} a été modifiée. Les prochains courriels seront envoyés à la nouvelle adresse.` },
      { paragraph: `Si vous n'êtes pas à l'origine de ce changement, contactez sans attendre ${config.brand.organisation} :` },
      { link: { label: "Nous contacter", url: `${config.publicUrl}/contact` } },
    ],
  });
}

export function passwordChangedMail(config: Config, account: Addressee) {
  return renderMail(config.brand, {
    subject: "Votre mot de passe a été modifié",
    greeting: greeting(account),
    blocks: [
      { paragraph: `Le mot de passe de votre compte ${config.brand.name} vient d'être modifié. Les autres sessions ouvertes sur votre compte ont été fermées.` },
      { paragraph: "Si vous n'êtes pas à l'origine de ce changement, réinitialisez votre mot de passe sans attendre :" },
      { link: { label: "Réinitialiser mon mot de passe", url: `${config.publicUrl}/recuperer-mes-informations` } },
    ],
  });
}

export function accountDeletedMail(config: Config, account: Addressee & { identifier: string }) {
  return renderMail(config.brand, {
    subject: "Votre compte a été supprimé",
    greeting: greeting(account),
    blocks: [
      { paragraph: `Votre compte ${config.brand.name} (identifiant ${account.identifier}) a été supprimé à votre demande, avec vos informations personnelles, vos sessions et vos liens en cours.` },
      { paragraph: "Le journal de sécurité garde la trace des événements du compte, sans votre nom ni votre adresse." },
      { paragraph: "Vous pouvez créer un nouveau compte à tout moment avec la même adresse électronique." },
      { note: `Si vous n'êtes pas à l'origine de cette suppression, contactez ${config.brand.organisation} : ${config.publicUrl}/contact` },
    ],
  });
}
