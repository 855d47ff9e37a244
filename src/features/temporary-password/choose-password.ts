import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import { verifyPassword } from "../../platform/security/passwords.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { checkNewPassword, storeChosenPassword } from "../../core/accounts/set-password.ts";
import type { Config } from "../../platform/config.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { promoteByPostalPassword } from "../../core/organisations/promote-by-postal-password.ts";

export interface ChoosePasswordForm {
  newPassword: string;
  newPasswordConfirmation: string;
}

/**
 * Replaces a temporary password with one the owner chooses: the policy and history rules apply,
 * and the temporary password itself may not be kept. Returns false when there was no temporary
 * password to replace (the page then simply goes on to "Mon compte").
 */
export async function choosePassword(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  session: { accountId: string },
  form: ChoosePasswordForm,
  context: { ip: string },
): Promise<boolean> {
  const account = await accounts.findAccountById(deps.db, session.accountId);
  if (!account?.mustChangePassword) return false;
  const errors = await checkNewPassword(deps, {
    password: form.newPassword,
    confirmation: form.newPasswordConfirmation,
    identifier: account.identifier,
    accountId: account.id,
    fields: { password: "newPassword", confirmation: "newPasswordConfirmation" },
  });
  if (!errors.newPassword && (await verifyPassword(account.passwordHash, form.newPassword)))
    errors.newPassword = "Votre nouveau mot de passe doit être différent du mot de passe temporaire.";
  if (Object.keys(errors).length > 0) {
    // The summary lists errors in the order of the fields.
    const ordered = ["newPassword", "newPasswordConfirmation"].filter((field) => errors[field]);
    throw new FormError(Object.fromEntries(ordered.map((field) => [field, errors[field] as string])));
  }
  await deps.db.transaction().execute(async (db) => {
    await storeChosenPassword({ db, clock: deps.clock }, account.id, form.newPassword);
    await audit(db, deps.clock, { event: "account.password_changed", accountId: account.id, actorId: account.id, ip: context.ip, details: { from: "temporary_password" } });
    // A first user registered by client number: the password came by post to the legal representative.
    await promoteByPostalPassword(deps, db, { accountId: account.id, replacedPasswordExpiresAt: account.temporaryPasswordExpiresAt, ip: context.ip });
  });
  return true;
}
