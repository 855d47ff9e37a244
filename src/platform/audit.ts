import type { Clock } from "./clock.ts";
import type { Db } from "./db/database.ts";
import { countLogin } from "./metrics.ts";
import { insertAuditEvent } from "./queries/audit.ts";

/** Security-relevant events, written to the append-only audit_events table. */
export type AuditEvent =
  | "account.registered"
  | "account.activated"
  | "account.login_succeeded"
  | "account.login_failed"
  | "account.throttled"
  | "account.logged_out"
  | "account.identity_changed"
  | "account.email_change_requested"
  | "account.email_changed"
  | "account.password_changed"
  | "account.password_check_failed"
  | "account.password_reset_requested"
  | "account.password_reset"
  | "account.temporary_password_issued"
  | "account.sessions_revoked"
  | "account.data_exported"
  | "account.deleted"
  | "account.created_by_admin"
  | "account.identifier_reminder_requested"
  | "account.partner_identifier_requested"
  | "letter.posted"
  | "letter.cancelled"
  | "organisations.register_imported"
  // The captcha's plain-HTML path: a "short wait" token accepted, or refused for too many this hour.
  | "captcha.wait_accepted"
  | "captcha.wait_refused"
  // Issue 3's features name their own events within these families (organisation.attached…).
  | `organisation.${string}`
  | `membership.${string}`
  | `grant.${string}`
  | `service.${string}`
  | `terms.${string}`
  | `oidc.${string}`
  // FranceConnect (src/features/franceconnect): franceconnect.linked, .unlinked, .login_succeeded…
  | `franceconnect.${string}`
  | `procedure.${string}`
  // Issue 4: every transition of a request (request.filed, request.taken, request.accepted…).
  | `request.${string}`
  // Issue 11: the home page's notices and presentation (notice.created, .updated, .published…, portal.presentation_changed).
  | `notice.${string}`
  | `portal.${string}`
  // "Comment ça marche ?" (src/features/help-articles): help.theme_created, help.article_saved…
  | `help.${string}`
  // The questions of /contact and the support role (support.question_assigned…).
  | `support.${string}`
  // Reception desks (src/features/reception-desks): reception_desk.imported, .created, .updated, .deleted.
  | `reception_desk.${string}`
  // The operator's social housing tables loaded (housing.ceilings_loaded, housing.stock_loaded).
  | `housing.${string}`
  // The public API (src/features/partner-api): api.partner_created, api.token_created, api.token_revoked, api.grant_given…
  | `api.${string}`;

export interface AuditEntry {
  event: AuditEvent;
  accountId?: string | null;
  actorId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Records one event; call it inside the transaction of the change it describes. */
export async function audit(db: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(db, {
    occurredAt: clock.now(),
    event: entry.event,
    accountId: entry.accountId ?? null,
    actorId: entry.actorId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
  if (entry.event.endsWith(".login_failed")) countLogin("failure");
}
