import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Captcha } from "../../platform/captcha.ts";
import { audit } from "../../platform/audit.ts";
import { FormError } from "../../platform/http/errors.ts";
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
  // only once everything else is right, so a correction does not cost a new proof of work.
  if (!options.captchaSolved && (form.altcha === "" || (Object.keys(errors).length === 0 && !(await deps.captcha.verify(form.altcha)))))
    errors.altcha = CAPTCHA_FAILED;
  if (Object.keys(errors).length > 0) throw new FormError(orderLikeForm(errors));

  // Hashing first, whatever happens next, keeps both answers equally slow.
  const passwordHash = await hashPassword(form.password);
  const now = deps.clock.now();

  const outcome = await deps.db.transaction().execute(async (db) => {
    const existing = await queries.findAccountByEmail(db, normalizeLogin(form.email));
    if (existing?.status === "active") {
      await deps.mailer.queue(db, existing.email, await alreadyRegisteredMail(deps.config, existing));
      return "reminded" as const;
    }
    // An unactivated account never proved it owned this address: the newer registration replaces it.
    if (existing) await queries.deleteAccount(db, existing.id);
    const account = await queries.insertAccount(db, {
      identifier: form.identifier,
      email: form.email,
      civility: form.civility as "M." | "Mme",
      lastName: form.lastName,
      firstName: form.firstName,
      passwordHash,
      termsAcceptedAt: now,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    if (!account) return "identifier-taken" as const;
    await queries.insertPasswordHistory(db, account.id, passwordHash, now);
    const token = await issueAccountToken({ db, clock: deps.clock }, { accountId: account.id, purpose: "activation" });
    await deps.mailer.queue(db, account.email, await activationMail(deps.config, account, token));
    await audit(db, deps.clock, { event: "account.registered", accountId: account.id, actorId: account.id, ip: context.ip });
    await options.onCreated?.(db, account.id);
    return "created" as const;
  });
  if (outcome === "identifier-taken") throw new FormError({ identifier: IDENTIFIER_TAKEN });
}

export const CAPTCHA_FAILED =
  "La vérification anti-robot n'a pas abouti : cochez la case « Je ne suis pas un robot » et attendez qu'elle soit validée (cette vérification nécessite JavaScript).";

const IDENTIFIER_TAKEN = "Cet identifiant est déjà utilisé : choisissez-en un autre.";

/** The fields every registration checks, passwords aside (identifier, identity, address, terms). */
export function validateRegistration(form: Omit<RegistrationForm, "password" | "passwordConfirmation" | "altcha">): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.identifier === "") errors.identifier = "Saisissez un identifiant.";
  else if (!IDENTIFIER_PATTERN.test(form.identifier))
    errors.identifier = "L'identifiant doit contenir de 3 à 64 caractères : lettres sans accent, chiffres, point (.), tiret (-) ou tiret bas (_).";
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
