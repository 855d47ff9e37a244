import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";
import * as queries from "../../core/accounts/queries/accounts.ts";
import { issueAccountToken } from "../../core/accounts/tokens.ts";
import { activationMail } from "../../core/accounts/registration-mails.ts";

/**
 * Sends a new activation link (the previous ones stop working). The page answers the same words
 * whether or not an unactivated account matches. The route checked the form's shape.
 */
export async function resendActivation(deps: { db: Db; clock: Clock; mailer: Mailer; config: Config }, form: { login: string }) {
  await deps.db.transaction().execute(async (db) => {
    const account = await queries.findAccountByLogin(db, normalizeLogin(form.login));
    if (!account || account.status !== "pending") return;
    const token = await issueAccountToken({ db, clock: deps.clock }, { accountId: account.id, purpose: "activation" });
    await deps.mailer.queue(db, account.email, await activationMail(deps.config, account, token));
  });
}
