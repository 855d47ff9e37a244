import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";
import * as queries from "../../core/accounts/queries/accounts.ts";
import { consumeAccountToken } from "../../core/accounts/tokens.ts";
import { emailChangedMail } from "./mails.ts";

export type EmailChangeProblem = "expired" | "used" | "unknown" | "taken";
export type EmailChangeResult = { status: "changed"; accountId: string } | { status: EmailChangeProblem };

/**
 * Follows the link mailed to the new address: the address changes now, whether or not its owner
 * is logged in (the link itself proves the mailbox). The address may have been taken by another
 * account since the request; then nothing changes and the page says so (whoever clicks owns
 * that mailbox, so this reveals nothing to anyone else).
 */
export async function confirmEmailChange(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  token: string,
  context: { ip: string },
): Promise<EmailChangeResult> {
  return deps.db.transaction().execute(async (db): Promise<EmailChangeResult> => {
    const check = await consumeAccountToken({ db, clock: deps.clock }, token, "email_change");
    if (check.status !== "valid") return { status: check.status };
    const newEmail = check.token.newEmail;
    const account = await queries.findAccountById(db, check.token.accountId);
    if (!newEmail || !account) return { status: "unknown" };

    const owner = await queries.findAccountByEmail(db, normalizeLogin(newEmail));
    if (owner && owner.id !== account.id) {
      if (owner.status === "active") return { status: "taken" };
      // As on registration: an account never activated never proved it owned this address.
      await queries.deleteAccount(db, owner.id);
    }
    const now = deps.clock.now();
    await queries.updateAccount(db, account.id, { email: newEmail, updatedAt: now });
    await deps.mailer.queue(db, account.email, await emailChangedMail(deps.config, account));
    await audit(db, deps.clock, { event: "account.email_changed", accountId: account.id, actorId: account.id, ip: context.ip });
    return { status: "changed", accountId: account.id };
  });
}
