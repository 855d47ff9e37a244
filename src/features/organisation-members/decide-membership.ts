import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import type { MailContent, Mailer } from "../../platform/mail/mailer.ts";
import { MembershipDecisionError } from "../../core/organisations/member-errors.ts";
import { checkNotLastAdministrator } from "../../core/organisations/last-administrator.ts";
import { findMember, lockAdministrators, lockMembership, updateMembership } from "../../core/organisations/queries/members.ts";
import { membershipTransitions, whyNot, type MembershipAction } from "./transitions.ts";
import { revokeMemberGrants } from "../../core/organisations/queries/members.ts";

export interface MembershipDecisionDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  config: Config;
}

export interface MembershipDecisionInput {
  organisationId: string;
  membershipId: string;
  /** The administrator who decides. */
  actorId: string;
  ip: string;
}

/** The reason an administrator may give for a refusal or a deactivation, told to the member. */
export const REASON_MAX_LENGTH = 500;

export interface MemberMailInput {
  config: Config;
  member: { civility: string; lastName: string };
  organisation: { id: string; name: string };
  reason: string | null;
}

/** Checks the optional reason: trimmed, empty means none, at most 500 characters. */
export function checkReason(reason: string | undefined): string | null {
  const text = reason?.trim() ?? "";
  if ([...text].length > REASON_MAX_LENGTH) throw new FormError({ reason: `Le motif doit faire ${REASON_MAX_LENGTH} caractères au maximum.` });
  return text === "" ? null : text;
}

/**
 * The transaction every administrator's decision on a membership goes through: lock the
 * organisation's administrators, then the membership; check that the actor still administers
 * the organisation (404 otherwise, as the page guard answers), that the membership belongs to it
 * (404) and is in the state the action expects (MembershipDecisionError explains); keep the last
 * administrator (LastAdministratorError); record the change with who and when, queue the
 * member's mail and write the audit event.
 */
export async function decideMembership(
  deps: MembershipDecisionDeps,
  input: MembershipDecisionInput & { reason?: string | null },
  decision: { action: MembershipAction; mail: (input: MemberMailInput) => Promise<MailContent> },
): Promise<{ memberAccountId: string }> {
  const transition = membershipTransitions[decision.action];
  return deps.db.transaction().execute(async (trx) => {
    // Always the administrators first, then the member: every decision of an organisation takes
    // its locks in the same order, so concurrent ones wait for each other instead of deadlocking.
    const administrators = await lockAdministrators(trx, input.organisationId);
    if (!administrators.includes(input.actorId)) throw new NotFoundError();
    const membership = await lockMembership(trx, input.organisationId, input.membershipId);
    if (!membership) throw new NotFoundError();
    if (!transition.from(membership)) throw new MembershipDecisionError(whyNot(decision.action, membership, input.actorId));
    if (membership.isAdmin && !transition.to.isAdmin) {
      checkNotLastAdministrator(administrators, membership.accountId, membership.accountId === input.actorId);
    }

    await updateMembership(trx, membership.id, { ...transition.to, decidedAt: deps.clock.now(), decidedBy: input.actorId });
    // A member let go keeps no access through the organisation: their grants end with it (a
    // reactivated member asks again, and an administrator decides again).
    if (transition.to.status === "refused" || transition.to.status === "deactivated") {
      const revoked = await revokeMemberGrants(trx, { organisationId: input.organisationId, accountId: membership.accountId, now: deps.clock.now(), by: input.actorId, reason: "Rattachement à la structure désactivé" });
      for (const grant of revoked) {
        await audit(trx, deps.clock, {
          event: "grant.revoked",
          accountId: membership.accountId,
          actorId: input.actorId,
          ip: input.ip,
          details: { grantId: grant.id, organisationId: input.organisationId, because: transition.event },
        });
      }
    }
    const member = await findMember(trx, input.organisationId, membership.id);
    if (!member) throw new Error("The locked membership disappeared");
    const reason = input.reason ?? null;
    const organisation = { id: input.organisationId, name: member.organisationName };
    await deps.mailer.queue(trx, member.email, await decision.mail({ config: deps.config, member, organisation, reason }));
    await audit(trx, deps.clock, {
      event: transition.event,
      accountId: membership.accountId,
      actorId: input.actorId,
      ip: input.ip,
      details: { organisationId: input.organisationId, membershipId: membership.id, ...(reason ? { reason } : {}) },
    });
    return { memberAccountId: membership.accountId };
  });
}
