import { HOUR } from "../../platform/clock.ts";
import type { Deps } from "../../platform/http/deps.ts";
import type { FranceConnectAnswer } from "./complete-franceconnect.ts";
import type { PivotIdentity } from "./pivot.ts";
import { openTicket, sealTicket } from "./tickets.ts";

/**
 * A FranceConnect identity linked to no account yet, between the callback and the page where
 * the person creates their account or links an existing one: signed, in a cookie, for an hour.
 */
export interface PendingIdentity {
  subject: string;
  identity: PivotIdentity;
  idToken: string;
}

export const PENDING_IDENTITY_COOKIE = "guichet_franceconnect_identite";
export const PENDING_IDENTITY_LIFETIME_MS = HOUR;

export function sealPendingIdentity(deps: Pick<Deps, "db" | "clock">, answer: FranceConnectAnswer): Promise<string> {
  const pending: PendingIdentity = { subject: answer.subject, identity: answer.identity, idToken: answer.idToken };
  return sealTicket(deps.db, pending, new Date(deps.clock.now().getTime() + PENDING_IDENTITY_LIFETIME_MS));
}

export function openPendingIdentity(deps: Pick<Deps, "db" | "clock">, ticket: string | undefined): Promise<PendingIdentity | null> {
  return openTicket<PendingIdentity>(deps.db, ticket, deps.clock.now());
}
