import { FormError } from "../../platform/http/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { isValidEmail, normalizeLogin } from "../../core/accounts/identifiers.ts";

/**
 * Identifiant oublié. Only the address's format is checked here; looking the account up and
 * writing the mail happen in the "recovery-mail" job (send-recovery-mail.ts), so the request does
 * the same work, and answers the same words in the same time, whether or not an account matches.
 */
export async function requestIdentifierReminder(deps: { jobs: Jobs }, form: { email: string }, context: { ip: string }): Promise<void> {
  if (form.email === "") throw new FormError({ email: "Saisissez votre adresse électronique." });
  if (!isValidEmail(form.email)) throw new FormError({ email: "Saisissez une adresse électronique valide, par exemple nom@exemple.fr." });
  await deps.jobs.enqueue("recovery-mail", { kind: "identifier-reminder", login: normalizeLogin(form.email), ip: context.ip });
}
