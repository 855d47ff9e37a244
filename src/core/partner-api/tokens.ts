import { createHash, randomBytes } from "node:crypto";

/** What a partner's token may do (issue 15); each API route names the one it needs. */
export const API_SCOPES = {
  "demarches:lecture": "Lire les démarches publiées",
  "demandes:lecture": "Lire les demandes d'une démarche",
  "demandes:ecriture": "Créer et déposer des demandes pour les comptes qui l'ont autorisé",
  "decisions:ecriture": "Enregistrer les décisions (prise en charge, acceptation, refus, classement)",
  "versements:ecriture": "Enregistrer les versements d'une aide accordée (mandatement, paiement)",
} as const;

export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as ApiScope[];

/** The events a partner may subscribe to, with their French labels. */
export const WEBHOOK_EVENTS = {
  "demande.deposee": "Demande déposée",
  "demande.decidee": "Décision enregistrée (prise en charge, acceptation, refus, classement)",
  "demande.modifiee": "Statut changé sans décision (abandon par le demandeur, expiration)",
  "demande.reponses-modifiees": "Réponses mises à jour, contribution pour modification envoyée ou demande renouvelée par le demandeur",
  "paiement.modifie": "Versement modifié (aide accordée, versement demandé, mandaté, payé)",
} as const;

export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as WebhookEvent[];

/** Tokens live at most a year: a partner renews its token, a forgotten one dies. */
export const MAX_TOKEN_DAYS = 366;

/** A new token: 256 random bits, readable prefix; only its SHA-256 is kept. */
export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = `gch_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, 10) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A webhook secret as Standard Webhooks writes it: "whsec_" + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
