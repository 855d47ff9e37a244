import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { grantOwnPendingRequests } from "./grant-own-pending-requests.ts";
import { countAdministratorsLocked, listLivePostalPasswords, markActivationCodeUsed } from "./queries/administrators.ts";
import { promoteToAdministrator } from "./queries/members.ts";

/**
 * A first user registered by client number has just replaced the temporary password the legal
 * representative handed them: they become administrator of the organisation, unless somebody
 * else became it meanwhile. Only that password counts: its expiry is the letter's, so a password
 * set another way since (a reset by e-mail, one issued by an operator) promotes nobody. Call it
 * in the transaction that stores the new password, with the expiry of the password replaced.
 */
export async function promoteByPostalPassword(
  deps: { clock: Clock; mailer: Mailer; config: Config },
  db: Db,
  input: { accountId: string; replacedPasswordExpiresAt: Date | null; ip: string },
) {
  const now = deps.clock.now();
  if (!input.replacedPasswordExpiresAt) return;
  const codes = await listLivePostalPasswords(db, { accountId: input.accountId, now, expiresAt: input.replacedPasswordExpiresAt });
  for (const code of codes) {
    await markActivationCodeUsed(db, code.id, now);
    if ((await countAdministratorsLocked(db, code.organisationId)) > 0) continue;
    if (!(await promoteToAdministrator(db, { organisationId: code.organisationId, accountId: input.accountId, now }))) continue;
    await audit(db, deps.clock, {
      event: "organisation.administrator_activated",
      accountId: input.accountId,
      actorId: input.accountId,
      ip: input.ip,
      details: { organisationId: code.organisationId, codeId: code.id, via: "temporary_password" },
    });
    await grantOwnPendingRequests(deps, db, { organisationId: code.organisationId, accountId: input.accountId });
  }
}
