import type { Jobs } from "../../platform/jobs.ts";
import { FormError } from "../../platform/http/errors.ts";
import { loginLookup } from "../../core/accounts/partner-identifier.ts";

/**
 * Réinitialisation du mot de passe, first step: queue the sending of a reset link. As for the
 * identifier reminder, the account is looked up in the job, so the page reveals nothing by its
 * words or its timing.
 */
export async function requestPasswordReset(deps: { jobs: Jobs }, form: { login: string }, context: { ip: string }): Promise<void> {
  // A partner identifier (LOG…) is read however typed; a wrong check letter is a format error.
  const lookup = loginLookup(form.login);
  if ("error" in lookup) throw new FormError({ login: lookup.error });
  await deps.jobs.enqueue("recovery-mail", { kind: "password-reset", login: lookup.login, ip: context.ip });
}
