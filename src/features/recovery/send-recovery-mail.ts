import { audit } from "../../platform/audit.ts";
import { HOUR, type Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { issueAccountToken } from "../../core/accounts/tokens.ts";
import { identifierReminderMail, passwordResetMail } from "./mails.ts";
import { countRecoveryMail } from "../../core/accounts/queries/recovery.ts";

/** Against mail bombing: beyond this many recovery mails per account and hour, nothing is sent. */
export const RECOVERY_MAILS_PER_HOUR = 3;

export const recoveryKey = (accountId: string) => `recovery:${accountId}`;

export interface RecoveryRequest {
  kind: "identifier-reminder" | "password-reset";
  /** Normalized address (identifier reminder) or identifier-or-address (password reset). */
  login: string;
  ip: string;
}

/**
 * The work behind both recovery forms, run by the "recovery-mail" job: find the account, count
 * the mail against the account's hourly allowance, then queue the identifier reminder or a reset
 * link valid 1 hour. Pending accounts are served too: using the reset link proves the address.
 */
export async function sendRecoveryMail(deps: { db: Db; clock: Clock; mailer: Mailer; config: Config }, request: RecoveryRequest): Promise<void> {
  await deps.db.transaction().execute(async (db) => {
    const account =
      request.kind === "identifier-reminder"
        ? await accounts.findAccountByEmail(db, request.login)
        : await accounts.findAccountByLogin(db, request.login);
    if (!account) return;
    const count = await countRecoveryMail(db, recoveryKey(account.id), deps.clock.now(), HOUR);
    const mailSent = count <= RECOVERY_MAILS_PER_HOUR;
    if (mailSent && request.kind === "identifier-reminder") {
      await deps.mailer.queue(db, account.email, await identifierReminderMail(deps.config, account));
    } else if (mailSent) {
      const token = await issueAccountToken({ db, clock: deps.clock }, { accountId: account.id, purpose: "password_reset" });
      await deps.mailer.queue(db, account.email, await passwordResetMail(deps.config, account, token));
    }
    await audit(db, deps.clock, {
      event: request.kind === "identifier-reminder" ? "account.identifier_reminder_requested" : "account.password_reset_requested",
      accountId: account.id,
      ip: request.ip,
      details: { mailSent },
    });
  });
}

/** The job handler: job data comes back from the database as plain JSON. */
export function recoveryMailJob(deps: { db: Db; clock: Clock; mailer: Mailer; config: Config }) {
  return async (data: Record<string, unknown>) => {
    const kind = data.kind === "identifier-reminder" ? "identifier-reminder" : data.kind === "password-reset" ? "password-reset" : null;
    if (!kind || typeof data.login !== "string") return;
    await sendRecoveryMail(deps, { kind, login: data.login, ip: typeof data.ip === "string" ? data.ip : "" });
  };
}
