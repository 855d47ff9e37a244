import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { hashPassword } from "../../platform/security/passwords.ts";
import { closeSessionsOfAccount } from "../../platform/sessions/sessions.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { UnknownAccount } from "./errors.ts";
import { generateTemporaryPassword, TEMPORARY_PASSWORD_LIFETIME_MS } from "../../core/accounts/generate-temporary-password.ts";

/**
 * Gives an account a temporary password, valid 24 hours, that must be replaced at the next login.
 * It replaces the current password and ends every session; it is not added to the password
 * history (the owner never chose it). Returns the password, to be handed over once.
 */
export async function issueTemporaryPassword(
  deps: { db: Db; clock: Clock },
  identifier: string,
  context: { actorId?: string | null; ip?: string | null; via?: string } = {},
): Promise<{ identifier: string; email: string; status: "pending" | "active"; password: string; expiresAt: Date }> {
  const account = await accounts.findAccountByIdentifier(deps.db, normalizeLogin(identifier));
  if (!account) throw new UnknownAccount(identifier);
  const password = generateTemporaryPassword(account.identifier);
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + TEMPORARY_PASSWORD_LIFETIME_MS);
  await deps.db.transaction().execute(async (db) => {
    await accounts.updateAccount(db, account.id, {
      passwordHash,
      mustChangePassword: true,
      temporaryPasswordExpiresAt: expiresAt,
      passwordChangedAt: now,
      updatedAt: now,
    });
    await closeSessionsOfAccount({ db }, account.id);
    await audit(db, deps.clock, {
      event: "account.temporary_password_issued",
      accountId: account.id,
      actorId: context.actorId ?? null,
      ip: context.ip ?? null,
      details: { expiresAt: expiresAt.toISOString(), ...(context.via ? { via: context.via } : {}) },
    });
  });
  return { identifier: account.identifier, email: account.email, status: account.status, password, expiresAt };
}
