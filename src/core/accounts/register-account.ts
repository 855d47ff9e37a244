import { looksLikePartnerIdentifier, PARTNER_SHAPE_RESERVED } from "./partner-identifier.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Captcha } from "../../platform/captcha.ts";
import { audit } from "../../platform/audit.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Account, NewAccount } from "../../platform/db/schema.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { hashPassword } from "../../platform/security/passwords.ts";
import { checkIdentity, IDENTIFIER_PATTERN, isValidEmail, normalizeLogin } from "./identifiers.ts";
import * as queries from "./queries/accounts.ts";
import { checkNewPassword } from "./set-password.ts";
import { issueAccountToken } from "./tokens.ts";
import { activationMail, alreadyRegisteredMail } from "./registration-mails.ts";

export interface RegistrationForm {
  identifier: string;
  password: string;
  passwordConfirmation: string;
  civility: string;
  lastName: string;
  firstName: string;
  email: string;
  emailConfirmation: string;
  terms: string;
  altcha: string;
}

/**
 * Créer un compte. Whether or not the address already has an account, the answer is the same
 * ("a mail was sent"): a known address receives a reminder of its identifier instead of an
 * activation link, so the page reveals nothing. The identifier is public by nature and is the
 * one thing reported as taken.
 */
export async function registerAccount(
  deps: { db: Db; clock: Clock; mailer: Mailer; captcha: Captcha; config: Config },
  form: RegistrationForm,
  context: { ip: string },
  options: {
    /** The captcha was solved at an earlier step of the same journey (registration by client number). */
    captchaSolved?: boolean;
    /** Runs in the account's transaction once it exists (attaching it to an organisation…). */
    onCreated?: (db: Db, accountId: string) => Promise<void>;
  } = {},
): Promise<void> {
  const errors = validateRegistration(form);
  Object.assign(
    errors,
    await checkNewPassword(deps, {
      password: form.password,
      confirmation: form.passwordConfirmation,
      identifier: form.identifier,
      fields: { password: "password", confirmation: "passwordConfirmation" },
    }),
  );
  // A missing solution is reported with the other errors; a present one is checked (and used up)
  // only once everything else is right, so a correction does not cost a new proof of work (or,
  // without JavaScript, one of the few submissions an address gets per hour).
  if (!options.captchaSolved) {
    if (form.altcha === "") errors.altcha = CAPTCHA_FAILED;
    else if (Object.keys(errors).length === 0) {
      const captcha = await deps.captcha.check(form.altcha);
      if (!captcha.passed) errors.altcha = captcha.message ?? CAPTCHA_FAILED;
    }
  }
  refuseInvalidRegistration(errors);

  // Hashing first, whatever happens next, keeps both answers equally slow.
  const passwordHash = await hashPassword(form.password);
  const now = deps.clock.now();

  const outcome = await deps.db.transaction().execute(async (db) => {
    const created = await createAccountOrRemind(deps, db, { form, passwordHash, now });
    if (created.outcome !== "created") return created.outcome;
    const { account } = created;
    const token = await issueAccountToken({ db, clock: deps.clock }, { accountId: account.id, purpose: "activation" });
    await deps.mailer.queue(db, account.email, await activationMail(deps.config, account, token));
    await audit(db, deps.clock, { event: "account.registered", accountId: account.id, actorId: account.id, ip: context.ip });
    await options.onCreated?.(db, account.id);
    return "created" as const;
  });
  if (outcome === "identifier-taken") throw identifierTaken();
}

/** What every registration asks of the person, passwords and captcha aside. */
export type RegistrationIdentity = Omit<RegistrationForm, "password" | "passwordConfirmation" | "altcha">;

export type AccountCreation = { outcome: "reminded" } | { outcome: "identifier-taken" } | { outcome: "created"; account: Account };

/**
 * The account step of every registration, in the caller's transaction. An address whose
 * account is active gets the "already registered" reminder instead of a new account (the
 * caller's page says the same thing either way); an unactivated account never proved it owned
 * the address, so the newer registration replaces it. The identifier is the one thing reported
 * as taken. `account` sets what differs from a plain registration (a first user's temporary
 * password, pending with its expiry).
 */
export async function createAccountOrRemind(
  deps: { mailer: Mailer; config: Config },
  db: Db,
  input: { form: RegistrationIdentity; passwordHash: string; now: Date; account?: Pick<NewAccount, "status" | "mustChangePassword" | "temporaryPasswordExpiresAt" | "activatedAt"> },
): Promise<AccountCreation> {
  const { form, passwordHash, now } = input;
  const existing = await queries.findAccountByEmail(db, normalizeLogin(form.email));
  if (existing?.status === "active") {
    await deps.mailer.queue(db, existing.email, await alreadyRegisteredMail(deps.config, existing));
    return { outcome: "reminded" };
  }
  if (existing) await queries.deleteAccount(db, existing.id);
  const account = await queries.insertAccount(db, {
    identifier: form.identifier,
    email: form.email,
    civility: form.civility as "M." | "Mme",
    lastName: form.lastName,
    firstName: form.firstName,
    passwordHash,
    ...input.account,
    termsAcceptedAt: now,
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  });
  if (!account) return { outcome: "identifier-taken" };
  await queries.insertPasswordHistory(db, account.id, passwordHash, now);
  return { outcome: "created", account };
}

/** The form's answer when the account could not be inserted: its identifier is someone else's. */
export function identifierTaken(): FormError {
  return new FormError({ identifier: IDENTIFIER_TAKEN });
}

/** Sends the form back with its errors, in the form's order, when there are any. */
export function refuseInvalidRegistration(errors: Record<string, string>): void {
  if (Object.keys(errors).length > 0) throw new FormError(orderLikeForm(errors));
}

export const CAPTCHA_FAILED =
  "La vérification anti-robot n'a pas abouti : cochez la case « Je ne suis pas un robot » et attendez qu'elle soit validée.";

const IDENTIFIER_TAKEN = "Cet identifiant est déjà utilisé : choisissez-en un autre.";

/** The fields every registration checks, passwords aside (identifier, identity, address, terms). */
export function validateRegistration(form: RegistrationIdentity): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.identifier === "") errors.identifier = "Saisissez un identifiant.";
  else if (!IDENTIFIER_PATTERN.test(form.identifier))
    errors.identifier = "L'identifiant doit contenir de 3 à 64 caractères : lettres sans accent, chiffres, point (.), tiret (-) ou tiret bas (_).";
  else if (looksLikePartnerIdentifier(form.identifier)) errors.identifier = PARTNER_SHAPE_RESERVED;
  Object.assign(errors, checkIdentity(form));
  if (form.email === "") errors.email = "Saisissez votre adresse électronique.";
  else if (!isValidEmail(form.email)) errors.email = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.";
  if (form.emailConfirmation === "") errors.emailConfirmation = "Confirmez votre adresse électronique.";
  else if (normalizeLogin(form.emailConfirmation) !== normalizeLogin(form.email))
    errors.emailConfirmation = "La confirmation ne correspond pas à l'adresse électronique saisie.";
  if (form.terms !== "oui") errors.terms = "Acceptez les conditions générales d'utilisation pour créer votre compte.";
  return errors;
}

const fieldOrder = ["identifier", "password", "passwordConfirmation", "civility", "lastName", "firstName", "email", "emailConfirmation", "terms", "altcha"];

export function orderLikeForm(errors: Record<string, string>) {
  return Object.fromEntries(fieldOrder.filter((field) => errors[field]).map((field) => [field, errors[field] as string]));
}
