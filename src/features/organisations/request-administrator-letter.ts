import { audit } from "../../platform/audit.ts";
import { DAY, type Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Letters } from "../../platform/letters/letters.ts";
import { CODE_VALIDITY_DAYS, generateActivationCode, hashActivationCode } from "../../core/organisations/activation-code.ts";
import { administratorLetter } from "../../core/organisations/administrator-letter.ts";
import { findRegisterEntryOf } from "../../core/organisations/queries/organisations.ts";
import { AdministratorRoleUnavailable } from "./errors.ts";
import { cancelLiveCodes, countAdministratorsLocked } from "../../core/organisations/queries/administrators.ts";
import { countRecentCodes, insertActivationCode } from "../../core/organisations/queries/administrators.ts";

/** Letters cost money and fill the representative's mailbox: at most this many per person and organisation per 30 days… */
export const MAX_LETTERS_PER_PERIOD = 3;
/** …and this many per organisation, whoever asks (anyone who knows its SIRET may attach and ask). */
export const MAX_ORGANISATION_LETTERS_PER_PERIOD = 6;

/**
 * "Accepter le rôle d'administrateur": produces the letter carrying a new activation code for
 * the organisation's legal representative. A new request cancels the person's previous code
 * (and its letter when it has not left yet), so only the latest letter works.
 */
export async function requestAdministratorLetter(
  deps: { db: Db; clock: Clock; letters: Letters; config: Config },
  input: { accountId: string; organisationId: string; ip: string },
): Promise<{ letterId: string; expiresAt: Date }> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    if ((await countAdministratorsLocked(trx, input.organisationId)) > 0) {
      throw new AdministratorRoleUnavailable("Cette structure a déjà un administrateur : c'est lui qui valide les demandes de ses membres.");
    }
    const recent = await countRecentCodes(trx, { organisationId: input.organisationId, accountId: input.accountId, since: new Date(now.getTime() - CODE_VALIDITY_DAYS * DAY) });
    if (recent.all >= MAX_ORGANISATION_LETTERS_PER_PERIOD) {
      throw new AdministratorRoleUnavailable(
        `${MAX_ORGANISATION_LETTERS_PER_PERIOD} courriers ont déjà été demandés pour cette structure en ${CODE_VALIDITY_DAYS} jours : rapprochez-vous de votre représentant légal, ou contactez-nous.`,
      );
    }
    if (recent.mine >= MAX_LETTERS_PER_PERIOD) {
      throw new AdministratorRoleUnavailable(
        `Vous avez déjà demandé ${MAX_LETTERS_PER_PERIOD} courriers en ${CODE_VALIDITY_DAYS} jours. Rapprochez-vous de votre représentant légal, ou contactez-nous.`,
      );
    }
    const entry = await findRegisterEntryOf(trx, input.organisationId);
    if (!entry) throw new AdministratorRoleUnavailable("Cette structure n'est pas dans le registre : contactez-nous pour désigner son administrateur.");

    await cancelLiveCodes(trx, { organisationId: input.organisationId, accountId: input.accountId, now, by: input.accountId });
    const code = generateActivationCode();
    const expiresAt = new Date(now.getTime() + CODE_VALIDITY_DAYS * DAY);
    const letter = await deps.letters.queue(trx, administratorLetter(deps.config, { entry, code, expiresAt }));
    await insertActivationCode(trx, { organisationId: input.organisationId, accountId: input.accountId, codeHash: hashActivationCode(code), letterId: letter.id, now, expiresAt });
    await audit(trx, deps.clock, {
      event: "organisation.administrator_letter_requested",
      accountId: input.accountId,
      actorId: input.accountId,
      ip: input.ip,
      details: { organisationId: input.organisationId, letterId: letter.id },
    });
    return { letterId: letter.id, expiresAt };
  });
}
