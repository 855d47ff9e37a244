import { audit } from "../../platform/audit.ts";
import { DAY, type Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { OrganisationsRegisterEntry } from "../../platform/db/schema.ts";
import type { LetterContent, Letters } from "../../platform/letters/letters.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { renderMail } from "../../platform/mail/layout.tsx";
import { hashPassword } from "../../platform/security/passwords.ts";
import { hashToken } from "../../platform/security/tokens.ts";
import { createAccountOrRemind, identifierTaken, refuseInvalidRegistration, validateRegistration, type RegistrationIdentity } from "../../core/accounts/register-account.ts";
import { generateTemporaryPassword } from "../../core/accounts/generate-temporary-password.ts";
import { issueAccountToken } from "../../core/accounts/tokens.ts";
import { CODE_VALIDITY_DAYS } from "../../core/organisations/activation-code.ts";
import { legalRepresentativeAddress } from "../../core/organisations/administrator-letter.ts";
import { attachInTransaction } from "../../core/organisations/attach-organisation.ts";
import { hasLivePostalPasswordOfAnother, insertActivationCode, POSTAL_PASSWORD_MARK } from "../../core/organisations/queries/administrators.ts";

export type FirstUserForm = RegistrationIdentity;

/** Somebody became the organisation's first user between the two steps: the form must be the later users' one. */
export class NoLongerFirstUser extends Error {
  override name = "NoLongerFirstUser";
}

const longDate = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

/**
 * Seed 002, "Créer mon compte" by client number, first user of the organisation: the account is
 * created without a password the person knows, to be activated by the link mailed to them (which
 * proves the address); its temporary password goes by post to the legal representative, who
 * designates the administrator by handing it over. Choosing a password after the first login
 * makes the person administrator. An address that already has an account gets
 * a reminder instead, and the page says the same thing (no account enumeration).
 */
export async function registerFirstUser(
  deps: { db: Db; clock: Clock; mailer: Mailer; letters: Letters; config: Config },
  form: FirstUserForm,
  input: { entry: OrganisationsRegisterEntry; ip: string; /** Uses up the step ticket, in the transaction. */ useTicket?: (db: Db) => Promise<void> },
): Promise<void> {
  refuseInvalidRegistration(validateRegistration(form));
  const password = generateTemporaryPassword(form.identifier);
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + CODE_VALIDITY_DAYS * DAY);

  const outcome = await deps.db.transaction().execute(async (db) => {
    await input.useTicket?.(db);
    const created = await createAccountOrRemind(deps, db, {
      form,
      passwordHash,
      now,
      // Pending until the address is proved by the activation link, as for any registration.
      account: { status: "pending", mustChangePassword: true, temporaryPasswordExpiresAt: expiresAt, activatedAt: null },
    });
    if (created.outcome !== "created") return created.outcome;
    const { account } = created;
    const attached = await attachInTransaction(deps, db, { accountId: account.id, sessionId: null, entry: input.entry, ip: input.ip });
    // Another first user's letter is on its way (the organisation row is locked by the attachment):
    // this one becomes a later user. Rolls everything back: nobody could ever read this password.
    const otherLetter = await hasLivePostalPasswordOfAnother(db, { organisationId: attached.organisationId, accountId: account.id, now });
    if (attached.outcome !== "first" || otherLetter) throw new NoLongerFirstUser();

    const letter = await deps.letters.queue(db, temporaryPasswordLetter(deps.config, { entry: input.entry, password, expiresAt }));
    await insertActivationCode(db, { organisationId: attached.organisationId, accountId: account.id, codeHash: POSTAL_PASSWORD_MARK + hashToken(password), letterId: letter.id, now, expiresAt });
    const token = await issueAccountToken({ db, clock: deps.clock }, { accountId: account.id, purpose: "activation" });
    await deps.mailer.queue(db, account.email, await firstUserRegisteredMail(deps.config, account, input.entry, token));
    await audit(db, deps.clock, {
      event: "account.registered",
      accountId: account.id,
      actorId: account.id,
      ip: input.ip,
      details: { via: "client_number", organisationId: attached.organisationId, letterId: letter.id },
    });
    return "created" as const;
  });
  if (outcome === "identifier-taken") throw identifierTaken();
}

/** The letter to the legal representative: the first user's temporary password, not naming them. */
function temporaryPasswordLetter(config: Config, input: { entry: OrganisationsRegisterEntry; password: string; expiresAt: Date }): LetterContent {
  const { entry } = input;
  return {
    to: legalRepresentativeAddress(entry),
    subject: "Mot de passe de l'administrateur de votre structure",
    reference: `Client ${entry.clientNumber}`,
    body: [
      { type: "paragraph", text: "Madame, Monsieur," },
      {
        type: "paragraph",
        text: `Une personne de votre structure, « ${entry.name} » (numéro client ${entry.clientNumber}), a demandé la création de son compte sur ${config.brand.name}, l'espace personnel de ${config.brand.organisation}. Premier utilisateur de votre structure, elle en deviendra l'administrateur : elle validera les accès des autres utilisateurs à nos services en ligne.`,
      },
      {
        type: "paragraph",
        text: "En lui transmettant le mot de passe ci-dessous, vous la désignez comme administrateur et vous reconnaissez engager votre structure pour les actes accomplis dans le cadre de l'utilisation de ces services.",
      },
      {
        type: "code",
        label: "Mot de passe temporaire",
        code: input.password,
        hint: `Valable jusqu'au ${longDate.format(input.expiresAt)} ; il devra être remplacé à la première connexion.`,
      },
      {
        type: "paragraph",
        text: "Ce courrier n'est pas nominatif. Si personne de votre structure ne vous a parlé de cette demande, ne transmettez pas ce mot de passe : personne ne deviendra administrateur sans lui.",
      },
    ],
  };
}

/** The activation link proves the address; the password, by post, proves the organisation's consent. */
function firstUserRegisteredMail(config: Config, account: { civility: string; lastName: string; identifier: string }, entry: OrganisationsRegisterEntry, token: string) {
  return renderMail(config.brand, {
    subject: "Votre demande de création de compte est enregistrée",
    greeting: `Bonjour ${account.civility} ${account.lastName},`,
    blocks: [
      { paragraph: `Votre demande de création de compte pour la structure « ${entry.name} » est enregistrée, avec l'identifiant ${account.identifier}.` },
      { paragraph: "Activez d'abord votre compte en suivant le lien ci-dessous : il est valable 72 heures et ne peut servir qu'une fois." },
      { link: { label: "Activer mon compte", url: `${config.publicUrl}/activer-mon-compte?jeton=${token}` } },
      {
        paragraph:
          "Votre mot de passe va être envoyé par courrier au représentant légal de votre structure : informez-le de sa réception prochaine, pour éviter qu'il ne s'égare. Vous le remplacerez par un mot de passe de votre choix à votre première connexion, et deviendrez alors administrateur de votre structure.",
      },
      { note: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : le compte ne sera pas activé." },
    ],
  });
}
