import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { hasPassword } from "../../platform/security/passwords.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { checkNewPassword, storeChosenPassword } from "../../core/accounts/set-password.ts";

export interface FirstPasswordForm {
  newPassword: string;
  newPasswordConfirmation: string;
}

/**
 * "Choisir un mot de passe" for an account created by FranceConnect, which has none: the person
 * is signed in through FranceConnect, so no current password is asked. Refused (false) once the
 * account has a password: changing it asks for the current one, on "Mon compte".
 */
export async function chooseFirstPassword(deps: Deps, accountId: string, form: FirstPasswordForm, context: { ip: string }): Promise<boolean> {
  const account = await accounts.findAccountById(deps.db, accountId);
  if (!account || hasPassword(account.passwordHash)) return false;
  const errors = await checkNewPassword(deps, {
    password: form.newPassword,
    confirmation: form.newPasswordConfirmation,
    identifier: account.identifier,
    accountId,
    fields: { password: "newPassword", confirmation: "newPasswordConfirmation" },
  });
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  await storeChosenPassword(deps, accountId, form.newPassword);
  await audit(deps.db, deps.clock, { event: "account.password_changed", accountId, actorId: accountId, ip: context.ip, details: { via: "franceconnect", first: true } });
  return true;
}
