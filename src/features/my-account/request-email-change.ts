import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { isValidEmail, normalizeLogin } from "../../core/accounts/identifiers.ts";
import * as queries from "../../core/accounts/queries/accounts.ts";
import { issueAccountToken } from "../../core/accounts/tokens.ts";
import { checkCurrentPassword } from "./current-password.ts";
import { confirmNewEmailMail, emailAlreadyUsedMail, emailChangeRequestedMail } from "./mails.ts";

export interface EmailChangeForm {
  newEmail: string;
  newEmailConfirmation: string;
  password: string;
}

/**
 * Modifier mon adresse électronique. Nothing changes until the link mailed to the new address
 * (valid 24 hours) is followed; the current address is told of the request. When another account
 * already uses the new address, the page answers the same words and that address's owner gets a
 * mail instead of a link: the form cannot be used to find out which addresses have an account.
 */
export async function requestEmailChange(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  accountId: string,
  form: EmailChangeForm,
  context: { ip: string },
): Promise<void> {
  const account = await queries.findAccountById(deps.db, accountId);
  if (!account) throw new NotFoundError();

  const errors: Record<string, string> = {};
  if (form.newEmail === "") errors.newEmail = "Saisissez votre nouvelle adresse électronique.";
  else if (!isValidEmail(form.newEmail)) errors.newEmail = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.";
  else if (normalizeLogin(form.newEmail) === normalizeLogin(account.email))
    errors.newEmail = "Cette adresse est déjà celle de votre compte : saisissez une autre adresse.";
  if (form.newEmailConfirmation === "") errors.newEmailConfirmation = "Confirmez votre nouvelle adresse électronique.";
  else if (normalizeLogin(form.newEmailConfirmation) !== normalizeLogin(form.newEmail))
    errors.newEmailConfirmation = "La confirmation ne correspond pas à la nouvelle adresse électronique saisie.";
  if (form.password === "") errors.password = "Saisissez votre mot de passe.";
  else {
    const problem = await checkCurrentPassword(deps, { account, password: form.password, action: "email_change", ip: context.ip });
    if (problem) errors.password = problem;
  }
  if (Object.keys(errors).length > 0) throw new FormError(errors);

  await deps.db.transaction().execute(async (db) => {
    const owner = await queries.findAccountByEmail(db, normalizeLogin(form.newEmail));
    // An unactivated account never proved it owns the address: confirmation will take it over.
    if (owner?.status === "active") {
      await deps.mailer.queue(db, owner.email, await emailAlreadyUsedMail(deps.config, owner));
    } else {
      const token = await issueAccountToken({ db, clock: deps.clock }, { accountId, purpose: "email_change", newEmail: form.newEmail });
      await deps.mailer.queue(db, form.newEmail, await confirmNewEmailMail(deps.config, account, token));
    }
    await deps.mailer.queue(db, account.email, await emailChangeRequestedMail(deps.config, account));
    await audit(db, deps.clock, {
      event: "account.email_change_requested",
      accountId,
      actorId: accountId,
      ip: context.ip,
      details: owner?.status === "active" ? { refused: "address_used_by_another_account" } : {},
    });
  });
}
