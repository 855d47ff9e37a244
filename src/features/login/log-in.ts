import { audit } from "../../platform/audit.ts";
import type { Captcha } from "../../platform/captcha.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { verifyAgainstNothing, verifyPassword } from "../../platform/security/passwords.ts";
import { openSession } from "../../platform/sessions/sessions.ts";
import { loginLookup, readPartnerIdentifier } from "../../core/accounts/partner-identifier.ts";
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
): Promise<{ sessionToken: string; mustChangePassword: boolean; accountId: string; role: string }> {
  // A partner identifier (LOG…) is read however typed; a wrong check letter is said at once,
  // before any lookup: it is a format check, which tells nothing about existing accounts.
  const lookup = loginLookup(form.login);
  if ("error" in lookup) throw new FormError({ login: lookup.error });
  const normalized = lookup.login;
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
  // Seed 004: a partner who types the password of a letter that a newer one replaced is told so.
  // Every login by a partner identifier pays this second verification, so its time reveals nothing.
  const replacedLetter = !passwordMatches && readPartnerIdentifier(form.login).kind === "partner" && (await matchesReplacedLetter(account, form.password));
  const now = deps.clock.now();
  const temporaryExpired = account?.mustChangePassword && account.temporaryPasswordExpiresAt !== null && account.temporaryPasswordExpiresAt <= now;

  if (!account || !passwordMatches || temporaryExpired) {
    const newlyBlocked = await recordFailure(deps, keys);
    await audit(deps.db, deps.clock, {
      event: "account.login_failed",
      accountId: account?.id ?? null,
      ip: context.ip,
      details: {
        reason: !account ? "unknown_login" : temporaryExpired && passwordMatches ? "temporary_password_expired" : replacedLetter ? "replaced_letter_password" : "wrong_password",
      },
    });
    if (newlyBlocked && account) {
      await deps.mailer.queue(deps.db, account.email, await throttledMail(deps.config, account));
      await audit(deps.db, deps.clock, { event: "account.throttled", accountId: account.id, ip: context.ip });
    }
    const captchaRequired = (await throttleState(deps, keys)).captchaRequired;
    // Whoever typed the right temporary password already knows the account: tell them why it failed.
    if (temporaryExpired && passwordMatches)
      throw new LoginRefused(
        account.kind === "partner"
          ? "Ce mot de passe provisoire a expiré : il n'était valable que 30 jours. Demandez un nouveau courrier par « Identifiant perdu », ou réinitialisez votre mot de passe par courriel."
          : "Ce mot de passe temporaire a expiré : il n'était valable que 24 heures. Demandez-en un nouveau en réinitialisant votre mot de passe.",
        captchaRequired,
      );
    if (replacedLetter)
      throw new LoginRefused(
        "Ce mot de passe provisoire a été remplacé par celui d'un courrier plus récent, envoyé après une demande « Identifiant perdu » : connectez-vous avec le mot de passe du dernier courrier reçu.",
        captchaRequired,
      );
    throw new LoginRefused(WRONG_CREDENTIALS, captchaRequired);
  }

  if (account.status !== "active") throw new AccountNotActivated();

  // Logins are the hot path (bench:login): the session and its audit event are one statement,
  // and the throttle row is only deleted when there is one.
  if (state.loginFailures > 0) await clearFailures(deps, keys);
  const sessionToken = await openSession(deps, { accountId: account.id, ip: context.ip, userAgent: context.userAgent }, "account.login_succeeded");
  return { sessionToken, mustChangePassword: account.mustChangePassword, accountId: account.id, role: account.role };
}

/** Whether the password is the one of the letter the current temporary password replaced. */
async function matchesReplacedLetter(account: { mustChangePassword: boolean; replacedPostalPasswordHash: string | null } | null, password: string): Promise<boolean> {
  const hash = account?.mustChangePassword ? account.replacedPostalPasswordHash : null;
  if (!hash) {
    await verifyAgainstNothing(password);
    return false;
  }
  return verifyPassword(hash, password);
}
