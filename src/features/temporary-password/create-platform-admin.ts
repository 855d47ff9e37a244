import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Civility } from "../../platform/db/schema.ts";
import { FormError } from "../../platform/http/errors.ts";
import { queueStaffAccountMail, type StaffMailing } from "../../core/accounts/staff-account-mail.ts";
import { assertStaffAccountFree, checkStaffAccount, insertStaffAccount, newTemporaryPassword, STAFF_ACCOUNT_TAKEN } from "../../core/accounts/staff-account.ts";

export interface PlatformAdminInput {
  identifier: string;
  email: string;
  /** The accounts table needs a civility and names; an operator may leave them to the defaults. */
  civility?: string;
  lastName?: string;
  firstName?: string;
}

export const DEFAULT_ADMIN_NAMES = { civility: "M." as Civility, lastName: "Administrateur", firstName: "Portail" };

/**
 * Creates an active platform administrator with a temporary password (valid 24 hours, to be
 * replaced at the first login), under the same identifier and address rules as registration.
 * Throws a FormError keyed by option name on bad input or when the identifier or address is taken.
 */
export async function createPlatformAdmin(
  deps: { db: Db; clock: Clock },
  input: PlatformAdminInput,
  // `mailing`: the temporary password is mailed to the new admin, in the same transaction (the admin pages).
  context: { actorId?: string | null; ip?: string | null; via?: string; mailing?: StaffMailing } = {},
): Promise<{ identifier: string; email: string; password: string; expiresAt: Date }> {
  const staff = {
    identifier: input.identifier,
    email: input.email,
    civility: input.civility ?? DEFAULT_ADMIN_NAMES.civility,
    lastName: input.lastName ?? DEFAULT_ADMIN_NAMES.lastName,
    firstName: input.firstName ?? DEFAULT_ADMIN_NAMES.firstName,
  };
  const errors = checkStaffAccount(staff);
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  await assertStaffAccountFree(deps.db, staff);

  const { password, expiresAt, ...temporary } = await newTemporaryPassword(deps.clock, input.identifier);
  const created = await deps.db.transaction().execute(async (db) => {
    const account = await insertStaffAccount(db, { ...staff, role: "platform_admin" }, { ...temporary, expiresAt });
    if (!account) return null;
    await audit(db, deps.clock, {
      event: "account.created_by_admin",
      accountId: account.id,
      actorId: context.actorId ?? null,
      ip: context.ip ?? null,
      details: { role: "platform_admin", temporaryPasswordExpiresAt: expiresAt.toISOString(), ...(context.via ? { via: context.via } : {}) },
    });
    if (context.mailing) await queueStaffAccountMail(db, context.mailing, { ...staff, identifier: account.identifier, email: account.email, role: "platform_admin", password, expiresAt });
    return account;
  });
  if (!created) throw new FormError({ identifier: STAFF_ACCOUNT_TAKEN });
  return { identifier: created.identifier, email: created.email, password, expiresAt };
}
