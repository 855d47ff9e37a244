import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";

/** The logins that open a session (password or FranceConnect), as the audit trail records them. */
const LOGIN_EVENTS = ["account.login_succeeded", "franceconnect.login_succeeded"] as const;

/**
 * The platform admins, by name, each with their last login when the audit trail still holds one
 * (null for an admin who never logged in). A portal has a handful of admins: one subquery each,
 * on the audit trail's index by account and date.
 */
export async function listPlatformAdmins(db: Db) {
  return db
    .selectFrom("accounts")
    .select([
      "accounts.id",
      "accounts.identifier",
      "accounts.firstName",
      "accounts.lastName",
      "accounts.email",
      "accounts.createdAt",
      "accounts.mustChangePassword",
      (eb) =>
        eb
          .selectFrom("auditEvents")
          .select(sql<Date | null>`max(audit_events.occurred_at)`.as("lastLoginAt"))
          .whereRef("auditEvents.accountId", "=", "accounts.id")
          .where("auditEvents.event", "in", LOGIN_EVENTS)
          .as("lastLoginAt"),
    ])
    .where("accounts.role", "=", "platform_admin")
    .orderBy("accounts.lastName")
    .orderBy("accounts.firstName")
    .orderBy("accounts.id")
    .execute();
}
export type PlatformAdminRow = Awaited<ReturnType<typeof listPlatformAdmins>>[number];
