import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { closeSessionsOfAccount } from "../../platform/sessions/sessions.ts";
import * as queries from "../../core/accounts/queries/accounts.ts";
import { checkNewPassword, storeChosenPassword } from "../../core/accounts/set-password.ts";
import { checkCurrentPassword, WRONG_CURRENT_PASSWORD } from "./current-password.ts";
import { passwordChangedMail } from "./mails.ts";

export interface PasswordChangeForm {
  currentPassword: string;
  newPassword: string;
  newPasswordConfirmation: string;
}

/**
 * Modifier mon mot de passe: the current password, then a new one that meets the policy and is
 * none of the last 5. The other sessions of the account end (whoever else was in is out), this
 * one stays; the owner is told by mail.
 */
export async function changePassword(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  session: { accountId: string; sessionId: string },
  form: PasswordChangeForm,
  context: { ip: string },
): Promise<void> {
  const account = await queries.findAccountById(deps.db, session.accountId);
  if (!account) throw new NotFoundError();

  const errors: Record<string, string> = {};
  if (form.currentPassword === "") errors.currentPassword = "Saisissez votre mot de passe actuel.";
  else {
    const problem = await checkCurrentPassword(deps, { account, password: form.currentPassword, action: "password_change", ip: context.ip });
    if (problem) errors.currentPassword = problem === WRONG_CURRENT_PASSWORD ? "Le mot de passe actuel est incorrect." : problem;
  }
  Object.assign(
    errors,
    await checkNewPassword(deps, {
      password: form.newPassword,
      confirmation: form.newPasswordConfirmation,
      identifier: account.identifier,
      accountId: account.id,
      fields: { password: "newPassword", confirmation: "newPasswordConfirmation" },
    }),
  );
  if (Object.keys(errors).length > 0) throw new FormError(errors);

  await deps.db.transaction().execute(async (db) => {
    await storeChosenPassword({ db, clock: deps.clock }, account.id, form.newPassword);
    const closed = await closeSessionsOfAccount({ db }, account.id, session.sessionId);
    await deps.mailer.queue(db, account.email, await passwordChangedMail(deps.config, account));
    await audit(db, deps.clock, {
      event: "account.password_changed",
      accountId: account.id,
      actorId: account.id,
      ip: context.ip,
      details: { otherSessionsClosed: closed },
    });
  });
}
