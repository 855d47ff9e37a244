import { audit } from "../../platform/audit.ts";
import type { Captcha } from "../../platform/captcha.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { verifyAgainstNothing, verifyPassword } from "../../platform/security/passwords.ts";
import { openSession } from "../../platform/sessions/sessions.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";
import { AccountNotActivated, LoginRefused } from "./errors.ts";
import { throttledMail } from "./mails.ts";
import { findLoginCandidate } from "../../core/accounts/queries/login.ts";
import { clearFailures, ipKey, loginKey, recordFailure, stateOf, throttleState } from "../../core/accounts/throttle.ts";

export const WRONG_CREDENTIALS = "Identifiant ou mot de passe incorrect.";

export interface LoginForm {
  login: string;
  password: string;
  altcha: string;
}

/**
 * Se connecter. Unknown login and wrong password give the same words after the same work (one
 * Argon2id verification either way). Returns the new session's cookie value. The route checked
 * the form's shape (a login of 254 characters at most, a password).
 */
export async function logIn(
  deps: { db: Db; clock: Clock; mailer: Mailer; captcha: Captcha; config: Config },
  form: LoginForm,
  context: { ip: string; userAgent: string },
): Promise<{ sessionToken: string; mustChangePassword: boolean }> {
  const normalized = normalizeLogin(form.login);
  const keys = { login: loginKey(normalized), ip: ipKey(context.ip) };
  const candidate = await findLoginCandidate(deps.db, normalized, [keys.login, keys.ip]);
  const state = stateOf(candidate.throttles, keys, deps.clock.now());
  if (state.blockedUntil) {
    const minutes = Math.max(1, Math.ceil((state.blockedUntil.getTime() - deps.clock.now().getTime()) / 60_000));
    throw new LoginRefused(
      `Trop de tentatives de connexion ont échoué. Pour protéger votre compte, patientez ${minutes} minute${minutes > 1 ? "s" : ""} avant de réessayer, ou réinitialisez votre mot de passe.`,
      true,
    );
  }
  if (state.captchaRequired) {
    const captcha = await deps.captcha.check(form.altcha);
    if (!captcha.passed)
      throw new FormError({
        altcha:
          captcha.message ??
          "Après plusieurs essais, une vérification anti-robot est demandée : cochez la case « Je ne suis pas un robot » et attendez qu'elle soit validée, ou réinitialisez votre mot de passe.",
      });
  }

  const account = candidate.account;
  const passwordMatches = account ? await verifyPassword(account.passwordHash, form.password) : await verifyAgainstNothing(form.password);
  const now = deps.clock.now();
  const temporaryExpired = account?.mustChangePassword && account.temporaryPasswordExpiresAt !== null && account.temporaryPasswordExpiresAt <= now;

  if (!account || !passwordMatches || temporaryExpired) {
    const newlyBlocked = await recordFailure(deps, keys);
    await audit(deps.db, deps.clock, {
      event: "account.login_failed",
      accountId: account?.id ?? null,
      ip: context.ip,
      details: { reason: !account ? "unknown_login" : temporaryExpired && passwordMatches ? "temporary_password_expired" : "wrong_password" },
    });
    if (newlyBlocked && account) {
      await deps.mailer.queue(deps.db, account.email, await throttledMail(deps.config, account));
      await audit(deps.db, deps.clock, { event: "account.throttled", accountId: account.id, ip: context.ip });
    }
    const captchaRequired = (await throttleState(deps, keys)).captchaRequired;
    // Whoever typed the right temporary password already knows the account: tell them why it failed.
    if (temporaryExpired && passwordMatches)
      throw new LoginRefused(
        "Ce mot de passe temporaire a expiré : il n'était valable que 24 heures. Demandez-en un nouveau en réinitialisant votre mot de passe.",
        captchaRequired,
      );
    throw new LoginRefused(WRONG_CREDENTIALS, captchaRequired);
  }

  if (account.status !== "active") throw new AccountNotActivated();

  // Logins are the hot path (bench:login): the session and its audit event are one statement,
  // and the throttle row is only deleted when there is one.
  if (state.loginFailures > 0) await clearFailures(deps, keys);
  const sessionToken = await openSession(deps, { accountId: account.id, ip: context.ip, userAgent: context.userAgent }, "account.login_succeeded");
  return { sessionToken, mustChangePassword: account.mustChangePassword };
}
