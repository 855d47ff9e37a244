import type { Jobs } from "../../platform/jobs.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";

/**
 * Identifiant oublié. The route checked the address's format; looking the account up and
 * writing the mail happen in the "recovery-mail" job (send-recovery-mail.ts), so the request does
 * the same work, and answers the same words in the same time, whether or not an account matches.
 */
export async function requestIdentifierReminder(deps: { jobs: Jobs }, form: { email: string }, context: { ip: string }): Promise<void> {
  await deps.jobs.enqueue("recovery-mail", { kind: "identifier-reminder", login: normalizeLogin(form.email), ip: context.ip });
}
