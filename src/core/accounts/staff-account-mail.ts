import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { renderMail } from "../../platform/mail/layout.tsx";

/** What mailing a staff account's temporary password needs (the admin pages give it; the CLI prints the password instead). */
export interface StaffMailing {
  mailer: Mailer;
  config: Config;
}

const parisTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

/**
 * The mail giving a new platform admin or case worker their identifier and temporary password,
 * queued in the transaction that creates the account. The password serves once, for 24 hours,
 * and must be replaced at the first login (/mot-de-passe-temporaire).
 */
export async function queueStaffAccountMail(
  db: Db,
  mailing: StaffMailing,
  account: { email: string; identifier: string; firstName: string; lastName: string; role: "platform_admin" | "agent"; password: string; expiresAt: Date },
) {
  const roleText = account.role === "platform_admin" ? "administrateur du portail" : "agent instructeur";
  const content = await renderMail(mailing.config.brand, {
    subject: `Votre compte ${roleText} sur ${mailing.config.brand.name}`,
    greeting: `Bonjour ${account.firstName} ${account.lastName},`,
    blocks: [
      { paragraph: `Un compte ${roleText} vient d'être créé pour vous.` },
      { paragraph: `Votre identifiant : ${account.identifier}` },
      { paragraph: `Votre mot de passe temporaire : ${account.password}` },
      {
        paragraph: `Il est valable jusqu'au ${parisTime.format(account.expiresAt)} (heure de Paris) et ne sert qu'une fois : à votre première connexion, vous choisirez votre propre mot de passe.`,
      },
      { link: { label: "Se connecter", url: `${mailing.config.publicUrl}/connexion` } },
      { note: "Vous n'attendiez pas ce compte ? Ne vous connectez pas et signalez-le à l'administrateur du portail." },
    ],
  });
  await mailing.mailer.queue(db, account.email, content);
}
