import type { Jobs } from "../../platform/jobs.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";

/**
 * Réinitialisation du mot de passe, first step: queue the sending of a reset link. As for the
 * identifier reminder, the account is looked up in the job, so the page reveals nothing by its
 * words or its timing.
 */
export async function requestPasswordReset(deps: { jobs: Jobs }, form: { login: string }, context: { ip: string }): Promise<void> {
  await deps.jobs.enqueue("recovery-mail", { kind: "password-reset", login: normalizeLogin(form.login), ip: context.ip });
}
