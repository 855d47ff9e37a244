/**
 * Messages shown once after a redirect. The cookie carries only the key, so nothing a client
 * sets can be displayed.
 */
export const flashMessages = {
  "logged-out": "Vous êtes déconnecté.",
  "account-activated": "Votre compte est activé. Vous pouvez vous connecter.",
  "identity-updated": "Vos informations ont bien été enregistrées.",
  "password-changed": "Votre mot de passe a bien été modifié.",
  "password-reset": "Votre mot de passe a bien été réinitialisé. Vous pouvez vous connecter.",
  "email-change-requested": "Un courriel de confirmation a été envoyé à votre nouvelle adresse électronique. Votre adresse ne changera qu'après avoir suivi le lien qu'il contient.",
  "email-changed": "Votre adresse électronique a bien été modifiée.",
  "sessions-ended": "Vos autres sessions ont été fermées.",
  "account-deleted": "Votre compte a été supprimé.",
  "session-expired": "Votre session a expiré. Veuillez vous reconnecter.",
  "letter-posted": "Le courrier est marqué comme posté.",
  "letter-cancelled": "Le courrier est annulé : il ne sera pas envoyé.",
} as const;

export type FlashKey = keyof typeof flashMessages;
