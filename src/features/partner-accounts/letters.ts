import type { Brand, Config } from "../../platform/config.ts";
import type { Account } from "../../platform/db/schema.ts";
import { ADDRESS_LINE_MAX, type LetterBlock, type LetterContent, type PostalAddress } from "../../platform/letters/letters.ts";

const longDate = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

type LetterConfig = Pick<Config, "publicUrl"> & { brand: Brand };

export type PartnerAddressee = Pick<
  Account,
  "firstName" | "lastName" | "identifier" | "userNumber" | "postalDetail" | "postalComplement" | "postalStreet" | "postalDistribution" | "postalCode" | "postalCommune" | "postalCountry"
> & { civility: string };

/** Line 1 is the person: "Mme Jeanne DUPONT", shortened to fit La Poste's 38 characters. */
export function partnerAddress(account: PartnerAddressee): PostalAddress {
  const full = `${account.civility} ${account.firstName} ${account.lastName}`;
  const short = `${account.civility} ${account.lastName}`;
  const name = (full.length <= ADDRESS_LINE_MAX ? full : short).slice(0, ADDRESS_LINE_MAX);
  return {
    name,
    detail: account.postalDetail,
    complement: account.postalComplement,
    street: account.postalStreet ?? "",
    distribution: account.postalDistribution,
    postalCode: account.postalCode ?? "",
    commune: account.postalCommune ?? "",
    country: account.postalCountry,
  };
}

const identifierBlock = (identifier: string): LetterBlock => ({
  type: "code",
  label: "Identifiant",
  code: identifier,
  hint: "LOG, 6 chiffres et 1 lettre. Le premier chiffre peut être un zéro : ne le confondez pas avec la lettre O.",
});

const passwordBlock = (password: string, expiresAt: Date): LetterBlock => ({
  type: "code",
  label: "Mot de passe provisoire",
  code: password,
  hint: `Valable jusqu'au ${longDate.format(expiresAt)} ; vous choisirez votre propre mot de passe à la première connexion. Attention aux majuscules et aux minuscules.`,
});

const reference = (account: PartnerAddressee) => `Utilisateur ${account.userNumber ?? ""}`;

/** The letter of a new partner account: its identifier and its first, temporary, password. */
export function firstPasswordLetter(config: LetterConfig, account: PartnerAddressee, temporary: { password: string; expiresAt: Date }): LetterContent {
  return {
    to: partnerAddress(account),
    subject: "Votre compte partenaire : identifiant et mot de passe provisoire",
    reference: reference(account),
    body: [
      { type: "paragraph", text: `${account.civility === "Mme" ? "Madame" : "Monsieur"},` },
      {
        type: "paragraph",
        text: `Votre compte partenaire sur ${config.brand.name}, l'espace en ligne de ${config.brand.organisation}, est ouvert (numéro utilisateur ${account.userNumber ?? ""}). Connectez-vous sur ${config.publicUrl}/connexion avec l'identifiant et le mot de passe provisoire ci-dessous.`,
      },
      identifierBlock(account.identifier),
      passwordBlock(temporary.password, temporary.expiresAt),
      {
        type: "paragraph",
        text: "Gardez ce courrier en attendant votre première connexion. Si vous demandez votre identifiant par courrier avant de l'avoir reçu, un nouveau mot de passe provisoire vous sera envoyé et celui-ci ne fonctionnera plus.",
      },
    ],
  };
}

/**
 * "Identifiant perdu" by post: the identifier again and, for an account whose owner has not yet
 * chosen a password, a new temporary password that replaces every earlier letter's.
 */
export function lostIdentifierLetter(config: LetterConfig, account: PartnerAddressee, temporary: { password: string; expiresAt: Date } | null): LetterContent {
  const body: LetterBlock[] = [
    { type: "paragraph", text: `${account.civility === "Mme" ? "Madame" : "Monsieur"},` },
    {
      type: "paragraph",
      text: `Vous avez demandé l'identifiant de votre compte partenaire sur ${config.brand.name} (numéro utilisateur ${account.userNumber ?? ""}). Le voici :`,
    },
    identifierBlock(account.identifier),
  ];
  if (temporary) {
    body.push(passwordBlock(temporary.password, temporary.expiresAt), {
      type: "paragraph",
      text: "Ce nouveau mot de passe provisoire remplace celui de tout courrier précédent, qui ne fonctionne plus : connectez-vous avec celui-ci.",
    });
  } else {
    body.push({ type: "paragraph", text: "Votre mot de passe n'a pas changé. Si vous l'avez oublié, choisissez-en un nouveau depuis la page « Récupérer mes informations de connexion »." });
  }
  body.push({ type: "paragraph", text: `Connectez-vous sur ${config.publicUrl}/connexion. Si vous n'êtes pas à l'origine de cette demande, vous pouvez ignorer ce courrier.` });
  return { to: partnerAddress(account), subject: "Votre identifiant de compte partenaire", reference: reference(account), body };
}
