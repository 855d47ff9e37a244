import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { grantOwnPendingRequests } from "../../core/organisations/grant-own-pending-requests.ts";
import { CODE_MAX_ATTEMPTS, hashActivationCode, normaliseActivationCode, CODE_LENGTH } from "../../core/organisations/activation-code.ts";
import { cancelLiveCodes, countAdministratorsLocked } from "../../core/organisations/queries/administrators.ts";
import { lockCodesOf, markActivationCodeUsed, setActivationCodeAttempts } from "../../core/organisations/queries/administrators.ts";
import { promoteToAdministrator } from "../../core/organisations/queries/members.ts";

const longDate = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

export type CodeOutcome = { ok: true } | { ok: false; message: string };

/**
 * The member types the code the legal representative gave them and becomes the organisation's
 * administrator. At most 5 attempts per code, expiry enforced; a code from a letter that a newer
 * request replaced is recognised and explained (two letters crossing in the post confuse people).
 * Wrong attempts are counted in a committed transaction: the outcome is returned, not thrown.
 */
export async function enterAdministratorCode(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  input: { accountId: string; organisationId: string; code: string; ip: string },
): Promise<CodeOutcome> {
  const typed = normaliseActivationCode(input.code);
  if (typed === "") return { ok: false, message: "Saisissez le code d'activation reçu par courrier." };
  if (typed.length !== CODE_LENGTH) return { ok: false, message: `Le code d'activation comporte ${CODE_LENGTH} caractères (lettres et chiffres).` };
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    if ((await countAdministratorsLocked(trx, input.organisationId)) > 0) {
      return { ok: false, message: "Cette structure a déjà un administrateur : ce code ne peut plus servir." };
    }
    const codes = await lockCodesOf(trx, input.organisationId, input.accountId);
    const live = codes.find((code) => code.usedAt === null && code.cancelledAt === null);
    const hash = hashActivationCode(typed);
    const replaced = codes.find((code) => code.cancelledAt !== null && code.codeHash === hash);
    if (replaced) {
      const latest = live ? ` Utilisez celui du courrier demandé le ${longDate.format(live.createdAt)}.` : " Demandez un nouveau courrier.";
      return { ok: false, message: `Ce code vient d'un courrier remplacé par une demande plus récente (courrier demandé le ${longDate.format(replaced.createdAt)}) : il ne fonctionne plus.${latest}` };
    }
    if (!live) return { ok: false, message: "Vous n'avez pas de code en cours : demandez un courrier ci-dessous." };
    if (live.expiresAt <= now) {
      return { ok: false, message: `Ce code a expiré le ${longDate.format(live.expiresAt)} (il est valable 30 jours). Demandez un nouveau courrier.` };
    }
    if (live.attempts >= CODE_MAX_ATTEMPTS) {
      return { ok: false, message: `Vous avez fait ${CODE_MAX_ATTEMPTS} essais : ce code ne fonctionne plus. Demandez un nouveau courrier.` };
    }
    if (live.codeHash !== hash) {
      const attempts = live.attempts + 1;
      await setActivationCodeAttempts(trx, live.id, attempts);
      await audit(trx, deps.clock, {
        event: "organisation.administrator_code_failed",
        accountId: input.accountId,
        actorId: input.accountId,
        ip: input.ip,
        details: { organisationId: input.organisationId, attempts },
      });
      const left = CODE_MAX_ATTEMPTS - attempts;
      return {
        ok: false,
        message:
          left === 0
            ? `Ce code n'est pas le bon. Après ${CODE_MAX_ATTEMPTS} essais, il ne fonctionne plus : demandez un nouveau courrier.`
            : `Ce code n'est pas le bon. Vérifiez-le sur le courrier : il vous reste ${left} essai${left > 1 ? "s" : ""}.`,
      };
    }

    await markActivationCodeUsed(trx, live.id, now);
    await promoteToAdministrator(trx, { organisationId: input.organisationId, accountId: input.accountId, now });
    // Other members' letters are now pointless: the organisation has its administrator.
    await cancelLiveCodes(trx, { organisationId: input.organisationId, now, by: input.accountId });
    await audit(trx, deps.clock, {
      event: "organisation.administrator_activated",
      accountId: input.accountId,
      actorId: input.accountId,
      ip: input.ip,
      details: { organisationId: input.organisationId, codeId: live.id },
    });
    await grantOwnPendingRequests(deps, trx, { organisationId: input.organisationId, accountId: input.accountId });
    return { ok: true };
  });
}
