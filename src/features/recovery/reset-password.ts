import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { closeSessionsOfAccount } from "../../platform/sessions/sessions.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { checkNewPassword, storeChosenPassword } from "../../core/accounts/set-password.ts";
import { consumeAccountToken, peekAccountToken } from "../../core/accounts/tokens.ts";
import { clearFailures, loginKey } from "../../core/accounts/throttle.ts";
import { ResetLinkUnusable } from "./errors.ts";
import { passwordChangedMail } from "./mails.ts";

export interface ResetPasswordForm {
  token: string;
  newPassword: string;
  newPasswordConfirmation: string;
}

/**
 * Réinitialisation du mot de passe, second step: the link's new password replaces the old one.
 * Every session of the account ends (whoever knew the old password is out), a pending account
 * becomes active (the link proves the address), and the owner is told by mail.
 */
export async function resetPassword(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  form: ResetPasswordForm,
  context: { ip: string },
): Promise<void> {
  const peek = await peekAccountToken(deps, form.token, "password_reset");
  if (peek.status !== "valid") throw new ResetLinkUnusable(peek.status);
  const account = await accounts.findAccountById(deps.db, peek.token.accountId);
  if (!account) throw new ResetLinkUnusable("unknown");

  const errors = await checkNewPassword(deps, {
    password: form.newPassword,
    confirmation: form.newPasswordConfirmation,
    identifier: account.identifier,
    accountId: account.id,
    fields: { password: "newPassword", confirmation: "newPasswordConfirmation" },
  });
  if (Object.keys(errors).length > 0) throw new FormError(errors);

  await deps.db.transaction().execute(async (db) => {
    // The peek above only showed the form; this is the single use (two tabs cannot both succeed).
    const check = await consumeAccountToken({ db, clock: deps.clock }, form.token, "password_reset");
    if (check.status !== "valid") throw new ResetLinkUnusable(check.status);
    const now = deps.clock.now();
    await storeChosenPassword({ db, clock: deps.clock }, account.id, form.newPassword);
    if (account.status === "pending") {
      await accounts.updateAccount(db, account.id, { status: "active", activatedAt: now, updatedAt: now });
      await audit(db, deps.clock, { event: "account.activated", accountId: account.id, actorId: account.id, ip: context.ip, details: { via: "password_reset" } });
    }
    await closeSessionsOfAccount({ db }, account.id);
    // The owner has just proved who they are: earlier failed logins no longer delay them.
    await clearFailures({ db }, { login: loginKey(normalizeLogin(account.identifier)) });
    await clearFailures({ db }, { login: loginKey(normalizeLogin(account.email)) });
    await audit(db, deps.clock, { event: "account.password_reset", accountId: account.id, actorId: account.id, ip: context.ip });
    await deps.mailer.queue(db, account.email, await passwordChangedMail(deps.config, account, now));
  });
}
