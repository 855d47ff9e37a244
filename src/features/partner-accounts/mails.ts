import type { Config } from "../../platform/config.ts";
import { renderMail } from "../../platform/mail/layout.tsx";

/** "Identifiant perdu" by mail: the identifier only; the password never travels by mail. */
export function lostIdentifierMail(config: Config, account: { civility: string; lastName: string; identifier: string; userNumber: string | null }) {
  return renderMail(config.brand, {
    subject: "Votre identifiant de compte partenaire",
    greeting: `Bonjour ${account.civility} ${account.lastName},`,
    blocks: [
      { paragraph: `Vous avez demandé l'identifiant de votre compte partenaire sur ${config.brand.name} (numéro utilisateur ${account.userNumber ?? ""}). Votre identifiant est :` },
      { code: account.identifier },
      { paragraph: "Il commence par LOG, suivi de 6 chiffres et d'une lettre : le premier chiffre peut être un zéro, à ne pas confondre avec la lettre O. Nous vous conseillons de le copier-coller." },
      { link: { label: "Se connecter", url: `${config.publicUrl}/connexion` } },
      { note: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : rien n'a été modifié." },
    ],
  });
}
