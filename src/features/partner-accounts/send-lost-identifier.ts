import { audit } from "../../platform/audit.ts";
import { DAY, HOUR, type Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Letters } from "../../platform/letters/letters.ts";
import { setLetterCancelled } from "../../platform/letters/queries.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { hashPassword } from "../../platform/security/passwords.ts";
import { closeSessionsOfAccount } from "../../platform/sessions/sessions.ts";
import { generateTemporaryPassword } from "../../core/accounts/generate-temporary-password.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { findPartnerByUserNumber } from "../../core/accounts/queries/partners.ts";
import { countRecoveryMail } from "../../core/accounts/queries/recovery.ts";
import { POSTAL_PASSWORD_LIFETIME_MS } from "./create-partner-account.ts";
import { lostIdentifierLetter } from "./letters.ts";
import { lostIdentifierMail } from "./mails.ts";

export type LostIdentifierChannel = "mail" | "post";

/** Against mail bombing, as the other recovery mails (the same allowance, shared with them). */
export const MAILS_PER_HOUR = 3;
/** Letters cost postage and each one replaces a temporary password: 3 per account per 30 days. */
export const LETTERS_PER_30_DAYS = 3;

type JobDeps = { db: Db; clock: Clock; mailer: Mailer; config: Config; letters: Letters };

/**
 * The work behind "Identifiant perdu" (seed 004), run by the "partner-identifier" job so that the
 * page answers alike whether or not the user number has an account. By mail: the identifier to
 * the account's address. By post: a letter to the postal address on record with the identifier
 * and, while the owner has not yet chosen a password, a new temporary password (30 days) that
 * replaces the one of any earlier letter — which is cancelled if it has not left yet.
 */
export async function sendLostIdentifier(deps: JobDeps, request: { userNumber: string; channel: LostIdentifierChannel; ip: string }): Promise<void> {
  const account = await findPartnerByUserNumber(deps.db, request.userNumber);
  if (!account) {
    await audit(deps.db, deps.clock, { event: "account.partner_identifier_requested", ip: request.ip, details: { channel: request.channel, found: false } });
    return;
  }
  // Hashed before the transaction opens (Argon2id takes a noticeable fraction of a second).
  const newPassword = request.channel === "post" && account.mustChangePassword ? generateTemporaryPassword(account.identifier) : null;
  const newPasswordHash = newPassword ? await hashPassword(newPassword) : null;

  await deps.db.transaction().execute(async (db) => {
    const now = deps.clock.now();
    const details: Record<string, unknown> = { channel: request.channel, found: true };
    if (request.channel === "mail") {
      details.sent = (await countRecoveryMail(db, `recovery:${account.id}`, now, HOUR)) <= MAILS_PER_HOUR;
      if (details.sent) await deps.mailer.queue(db, account.email, await lostIdentifierMail(deps.config, account));
    } else {
      details.sent = (await countRecoveryMail(db, `partner-letter:${account.id}`, now, 30 * DAY)) <= LETTERS_PER_30_DAYS;
      if (details.sent) {
        const temporary = newPassword && newPasswordHash ? { password: newPassword, expiresAt: new Date(now.getTime() + POSTAL_PASSWORD_LIFETIME_MS) } : null;
        const letter = await deps.letters.queue(db, lostIdentifierLetter(deps.config, account, temporary));
        details.letterId = letter.id;
        if (temporary && newPasswordHash) {
          const previous = account.postalPasswordLetterId;
          if (previous) details.previousLetterCancelled = await setLetterCancelled(db, previous, account.id, now);
          await accounts.updateAccount(db, account.id, {
            passwordHash: newPasswordHash,
            mustChangePassword: true,
            temporaryPasswordExpiresAt: temporary.expiresAt,
            postalPasswordLetterId: letter.id,
            // Typed at login, the replaced letter's password is explained rather than just refused.
            replacedPostalPasswordHash: account.passwordHash,
            passwordChangedAt: now,
            updatedAt: now,
          });
          await closeSessionsOfAccount({ db }, account.id);
          details.newTemporaryPassword = true;
          details.temporaryPasswordExpiresAt = temporary.expiresAt.toISOString();
        }
      }
    }
    await audit(db, deps.clock, { event: "account.partner_identifier_requested", accountId: account.id, ip: request.ip, details });
  });
}

/** The job handler: job data comes back from the database as plain JSON. */
export function lostIdentifierJob(deps: JobDeps) {
  return async (data: Record<string, unknown>) => {
    const channel = data.channel === "mail" || data.channel === "post" ? data.channel : null;
    if (!channel || typeof data.userNumber !== "string") return;
    await sendLostIdentifier(deps, { userNumber: data.userNumber, channel, ip: typeof data.ip === "string" ? data.ip : "" });
  };
}
