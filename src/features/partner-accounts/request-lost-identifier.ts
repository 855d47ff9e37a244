import type { Captcha } from "../../platform/captcha.ts";
import { HOUR, type Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { CAPTCHA_FAILED } from "../../core/accounts/register-account.ts";
import { normalizeUserNumber, readPartnerIdentifier, USER_NUMBER_PATTERN } from "../../core/accounts/partner-identifier.ts";
import { countRecoveryMail } from "../../core/accounts/queries/recovery.ts";
import type { LostIdentifierChannel } from "./send-lost-identifier.ts";

/** Requests from one address per hour: beyond, the page asks to wait (the captcha costs a bot little). */
export const REQUESTS_PER_IP_PER_HOUR = 10;

export const TOO_MANY_REQUESTS = "Trop de demandes ont été faites depuis votre connexion : réessayez dans une heure.";

export interface LostIdentifierForm {
  numero: string;
  canal: "courriel" | "courrier";
  altcha: string;
}

/**
 * "Identifiant perdu" (seed 004), the page's side: checks the user number's form and the captcha,
 * counts the request against the visitor's address, and queues the "partner-identifier" job,
 * which looks the number up. The answer never depends on whether the number has an account.
 */
export async function requestLostIdentifier(deps: { db: Db; clock: Clock; captcha: Captcha; jobs: Jobs }, form: LostIdentifierForm, context: { ip: string }): Promise<LostIdentifierChannel> {
  const userNumber = normalizeUserNumber(form.numero);
  if (readPartnerIdentifier(form.numero).kind !== "other")
    throw new FormError({ numero: "Vous avez saisi un identifiant (LOG…) : indiquez votre numéro utilisateur, qui figure sur les courriers et courriels de votre organisme." });
  if (!USER_NUMBER_PATTERN.test(userNumber)) throw new FormError({ numero: "Le numéro utilisateur se compose de 1 à 20 lettres ou chiffres." });
  // The widget's solution, or without JavaScript the page's "short wait" token (its own message when refused).
  const captcha = form.altcha === "" ? { passed: false as const } : await deps.captcha.check(form.altcha);
  if (!captcha.passed) throw new FormError({ altcha: captcha.message ?? CAPTCHA_FAILED });
  if ((await countRecoveryMail(deps.db, `partner-identifier-ip:${context.ip}`, deps.clock.now(), HOUR)) > REQUESTS_PER_IP_PER_HOUR)
    throw new FormError({ numero: TOO_MANY_REQUESTS });
  const channel = form.canal === "courrier" ? "post" : "mail";
  await deps.jobs.enqueue("partner-identifier", { userNumber, channel, ip: context.ip });
  return channel;
}
