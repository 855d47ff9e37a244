import type { Db } from "../../platform/db/database.ts";
import { LastAdministratorError } from "./member-errors.ts";
import { lockAdministrators } from "./queries/members.ts";

/**
 * Throws LastAdministratorError when the account is the organisation's only administrator:
 * call it, inside the transaction, before anything that takes the role away (removing it,
 * deactivating the member, detaching from the organisation). It locks the administrators'
 * memberships first, so that two administrators removing each other at once are serialised and
 * the second one counts what the first left. `self`: the message speaks to the person themself
 * (default) or about another member.
 */
export async function assertNotLastAdministrator(db: Db, organisationId: string, accountId: string, options: { self?: boolean } = {}): Promise<void> {
  const administrators = await lockAdministrators(db, organisationId);
  checkNotLastAdministrator(administrators, accountId, options.self ?? true);
}

/** The same rule on administrators already locked by the caller. */
export function checkNotLastAdministrator(administrators: readonly string[], accountId: string, self: boolean): void {
  if (administrators.includes(accountId) && administrators.length <= 1) throw new LastAdministratorError(self);
}
