import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { hasPassword, verifyPassword } from "../../platform/security/passwords.ts";
import { clearFailures, ipKey, recordFailure, throttleState } from "../../core/accounts/throttle.ts";

/** What the password is asked again for; recorded with a failure. */
export type SensitiveAction = "email_change" | "password_change" | "deletion";

export const WRONG_CURRENT_PASSWORD = "Le mot de passe saisi est incorrect.";

export const NO_PASSWORD_YET =
  "Votre compte n'a pas encore de mot de passe : il a été créé avec FranceConnect. Choisissez d'abord un mot de passe depuis « Mon compte », rubrique FranceConnect, puis recommencez.";

/**
 * Checks the password asked again before a sensitive change. Someone holding a stolen session
 * must not be able to guess the password here faster than on the login page: failures count in
 * the same growing delays (per account and per IP) and are audited. Returns the field's error
 * message, or null when the password is right. An account created with FranceConnect has no
 * password yet: nothing typed can be right, so it is told to choose one (no failure counted).
 */
export async function checkCurrentPassword(
  deps: { db: Db; clock: Clock },
  input: { account: { id: string; passwordHash: string }; password: string; action: SensitiveAction; ip: string },
): Promise<string | null> {
  if (!hasPassword(input.account.passwordHash)) return NO_PASSWORD_YET;
  const keys = { login: `reauth:${input.account.id}`, ip: ipKey(input.ip) };
  const state = await throttleState(deps, keys);
  if (state.blockedUntil) {
    const minutes = Math.max(1, Math.ceil((state.blockedUntil.getTime() - deps.clock.now().getTime()) / 60_000));
    return `Trop d'essais ont échoué. Pour protéger votre compte, patientez ${minutes} minute${minutes > 1 ? "s" : ""} avant de réessayer.`;
  }
  if (await verifyPassword(input.account.passwordHash, input.password)) {
    await clearFailures(deps, keys);
    return null;
  }
  await recordFailure(deps, keys);
  await audit(deps.db, deps.clock, {
    event: "account.password_check_failed",
    accountId: input.account.id,
    actorId: input.account.id,
    ip: input.ip,
    details: { action: input.action },
  });
  return WRONG_CURRENT_PASSWORD;
}
