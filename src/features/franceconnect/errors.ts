import { PageError } from "../../platform/http/errors.ts";

/** FranceConnect could not be reached (discovery, token or userinfo endpoint): password login still works. */
export class FranceConnectUnavailable extends PageError {
  constructor() {
    super(
      503,
      "FranceConnect est momentanément indisponible",
      "FranceConnect ne répond pas pour le moment. Réessayez dans quelques minutes ; en attendant, vous pouvez vous connecter avec votre identifiant et votre mot de passe.",
    );
  }
}

const problems = {
  cancelled: [400, "Connexion avec FranceConnect annulée", "Vous n'avez pas terminé la connexion avec FranceConnect : vous n'êtes pas connecté. Vous pouvez recommencer, ou vous connecter avec votre identifiant et votre mot de passe."],
  failed: [400, "La connexion avec FranceConnect n'a pas abouti", "La réponse de FranceConnect n'a pas pu être vérifiée, ou cette connexion a déjà servi : vous n'êtes pas connecté. Recommencez depuis la page de connexion."],
  expired: [400, "Demande expirée", "Votre connexion avec FranceConnect a expiré ou a déjà servi. Recommencez en cliquant sur « S'identifier avec FranceConnect »."],
  "not-activated": [403, "Votre compte n'est pas encore activé", "Votre compte est bien relié à FranceConnect, mais votre adresse électronique n'est pas encore confirmée. Suivez le lien du courriel reçu lors de la création de votre compte (il est valable 72 heures), puis connectez-vous à nouveau avec FranceConnect."],
  "account-linked": [409, "Votre compte est déjà relié à FranceConnect", "Votre compte est déjà relié à une identité FranceConnect : un compte ne peut être relié qu'à une seule identité. Pour en changer, déliez d'abord FranceConnect depuis « Mon compte »."],
  "identity-linked": [409, "Cette identité FranceConnect est déjà reliée à un autre compte", "L'identité FranceConnect avec laquelle vous vous êtes connecté est déjà reliée à un autre compte : elle ne peut être reliée qu'à un seul compte. Connectez-vous à cet autre compte et déliez FranceConnect depuis « Mon compte » si vous souhaitez la relier à celui-ci."],
  "password-needed": [409, "Choisissez d'abord un mot de passe", "Votre compte a été créé avec FranceConnect et n'a pas de mot de passe : sans FranceConnect vous ne pourriez plus vous y connecter. Choisissez d'abord un mot de passe, puis déliez FranceConnect."],
  "not-linked": [409, "Votre compte n'est pas relié à FranceConnect", "Votre compte n'est pas relié à FranceConnect : il n'y a rien à délier."],
} as const;

export type ProblemKind = keyof typeof problems;

/** A FranceConnect step that cannot go on, with what the person reads and can do next. */
export class FranceConnectProblem extends PageError {
  constructor(readonly kind: ProblemKind) {
    const [status, title, message] = problems[kind];
    super(status, title, message);
  }
}
