import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { OrganisationsRegisterEntry } from "../../platform/db/schema.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { setCurrentOrganisation } from "../../platform/sessions/queries.ts";
import { joinRequestReceivedMail, joinRequestToAdministratorMail } from "./member-mails.ts";
import { findAccountById } from "../accounts/queries/accounts.ts";
import { askMembershipAgain, findMembership, insertOrganisationFromRegister, insertPendingMembership, listAdministrators, lockOrganisationOfRegisterEntry } from "./queries/organisations.ts";

/**
 * first: the organisation has no administrator yet, so nobody can validate the person: they are
 * offered the administrator's role (by post); pending: its administrators must validate them;
 * already: they were already attached. Either way the person waits, as a pending member, for an
 * administrator or for the code: a SIRET is public, so attaching proves nothing.
 */
export type AttachOutcome = "first" | "pending" | "already";

/**
 * "Ajouter une structure": attaches the person to the organisation of a register line, creating
 * its record on the portal the first time. Later members wait for an administrator, who is told
 * by e-mail. The session then acts for this organisation.
 */
export async function attachOrganisation(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  input: AttachInput,
): Promise<{ organisationId: string; outcome: AttachOutcome }> {
  return deps.db.transaction().execute((trx) => attachInTransaction(deps, trx, input));
}

interface AttachInput {
  accountId: string;
  /** The session that will act for the organisation; none when attaching at registration. */
  sessionId: string | null;
  entry: OrganisationsRegisterEntry;
  ip: string;
}

/** `attachOrganisation` within the caller's transaction (registration by client number). */
export async function attachInTransaction(
  deps: { clock: Clock; mailer: Mailer; config: Config },
  trx: Db,
  input: AttachInput,
): Promise<{ organisationId: string; outcome: AttachOutcome }> {
  const now = deps.clock.now();
  const { entry } = input;
  await insertOrganisationFromRegister(trx, entry, now);
  // Locked, so that two people attaching at once cannot both be the first member.
  const organisation = await lockOrganisationOfRegisterEntry(trx, entry.id);

  const existing = await findMembership(trx, organisation.id, input.accountId);
  if (existing && (existing.status === "active" || existing.status === "pending")) {
    if (input.sessionId) await setCurrentOrganisation(trx, input.sessionId, organisation.id);
    return { organisationId: organisation.id, outcome: "already" as const };
  }

  const administrators = await listAdministrators(trx, organisation.id);
  const outcome: AttachOutcome = administrators.length === 0 ? "first" : "pending";
  // Refused or deactivated before: asking again puts the request back before the administrators.
  if (existing) await askMembershipAgain(trx, existing.id, now);
  else await insertPendingMembership(trx, { organisationId: organisation.id, accountId: input.accountId, now });
  if (input.sessionId) await setCurrentOrganisation(trx, input.sessionId, organisation.id);

  if (outcome === "pending") {
    const member = await findAccountById(trx, input.accountId);
    if (!member) throw new Error("attachInTransaction: unknown account");
    await deps.mailer.queue(trx, member.email, await joinRequestReceivedMail(deps.config, member, organisation));
    for (const administrator of administrators) {
      await deps.mailer.queue(trx, administrator.email, await joinRequestToAdministratorMail(deps.config, administrator, member, organisation));
    }
  }
  await audit(trx, deps.clock, {
    event: "organisation.attached",
    accountId: input.accountId,
    actorId: input.accountId,
    ip: input.ip,
    details: { organisationId: organisation.id, clientNumber: entry.clientNumber, outcome },
  });
  return { organisationId: organisation.id, outcome };
}
