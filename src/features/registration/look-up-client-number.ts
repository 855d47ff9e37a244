import type { Captcha } from "../../platform/captcha.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { OrganisationsRegisterEntry } from "../../platform/db/schema.ts";
import { CAPTCHA_FAILED } from "../../core/accounts/register-account.ts";
import { clientNumberFormatError, findOrganisationToAttach } from "../../core/organisations/find-organisation-to-attach.ts";
import { lookupsBlockedMessage, lookupsBlockedUntil, recordFailedLookup } from "../../core/organisations/lookup-throttle.ts";

export type ClientNumberLookup =
  | { ok: true; entry: OrganisationsRegisterEntry }
  | { ok: false; status: 422 | 429; errors: { numero?: string; altcha?: string } };

/**
 * Step 1 of "Créer mon compte avec mon numéro client" (seed 002), before any account exists: the
 * register is read only once the captcha is solved, so until then the answer is the same whether
 * the number exists or not (only its form is checked), and each unknown number counts against
 * the visitor's address: after 10 within an hour, lookups wait an hour (lookup-throttle.ts).
 * The captcha is checked (and used up) only when the number is well formed and lookups are
 * open, so a typing mistake does not cost a new proof of work.
 */
export async function lookUpClientNumber(
  deps: { db: Db; clock: Clock; captcha: Captcha },
  input: { numero: string; altcha: string; ip: string },
): Promise<ClientNumberLookup> {
  const formatError = clientNumberFormatError(input.numero);
  if (formatError !== null) return { ok: false, status: 422, errors: { numero: formatError, ...(input.altcha === "" ? { altcha: CAPTCHA_FAILED } : {}) } };
  const blockedUntil = await lookupsBlockedUntil(deps, { ip: input.ip });
  if (blockedUntil) return { ok: false, status: 429, errors: { numero: lookupsBlockedMessage(blockedUntil) } };
  const captcha = input.altcha === "" ? { passed: false as const } : await deps.captcha.check(input.altcha);
  if (!captcha.passed) return { ok: false, status: 422, errors: { altcha: captcha.message ?? CAPTCHA_FAILED } };
  const found = await findOrganisationToAttach(deps.db, "client", input.numero);
  if (found.ok) return found;
  await recordFailedLookup(deps, { ip: input.ip });
  return { ok: false, status: 422, errors: { numero: found.message } };
}
