import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Civility } from "../../platform/db/schema.ts";
import { FormError } from "../../platform/http/errors.ts";
import { queueStaffAccountMail, type StaffMailing } from "../../core/accounts/staff-account-mail.ts";
import { assertStaffAccountFree, checkStaffAccount, insertStaffAccount, newTemporaryPassword, STAFF_ACCOUNT_TAKEN } from "../../core/accounts/staff-account.ts";
import { findProcedureWithGroups, upsertProcedureAgent } from "../../core/requests/queries/agents.ts";

export interface AgentInput {
  identifier: string;
  email: string;
  /** The procedure the agent processes, by slug. */
  procedureSlug: string;
  /** One of the procedure's groupes_instructeurs; its first group when not given. */
  group?: string;
  civility?: string;
  lastName?: string;
  firstName?: string;
}

/** The accounts table needs a civility and names; an operator may leave them to these. */
export const DEFAULT_AGENT_NAMES = { civility: "M." as Civility, lastName: "Instructeur", firstName: "Agent" };

/** The group an agent goes in: the one given if the procedure has it, else its first. Throws a FormError keyed `group`. */
export function chooseGroup(procedure: { slug: string; groups: string[] }, group: string | undefined): string {
  if (group === undefined || group === "") return procedure.groups[0] ?? "";
  if (!procedure.groups.includes(group)) {
    throw new FormError({
      group: `La démarche « ${procedure.slug} » n'a pas de groupe d'instructeurs « ${group} » ; groupes possibles : ${procedure.groups.map((name) => `« ${name} »`).join(", ")}.`,
    });
  }
  return group;
}

/**
 * Creates a case worker (role "agent") with a temporary password valid 24 hours, to be replaced
 * at the first login, and attaches them to a procedure in one of its groups — in one
 * transaction, audited. Same identifier and address rules as every account; throws a FormError
 * keyed by field (identifier, email, procedure, group, names) on bad input or when taken.
 */
export async function createAgent(
  deps: { db: Db; clock: Clock },
  input: AgentInput,
  // `mailing`: the temporary password is mailed to the agent, in the same transaction (the admin pages).
  context: { actorId?: string | null; ip?: string | null; via?: string; mailing?: StaffMailing } = {},
): Promise<{ id: string; identifier: string; email: string; password: string; expiresAt: Date; procedure: { slug: string; title: string }; group: string; mailed: boolean }> {
  const staff = {
    identifier: input.identifier,
    email: input.email,
    civility: input.civility || DEFAULT_AGENT_NAMES.civility,
    lastName: input.lastName || DEFAULT_AGENT_NAMES.lastName,
    firstName: input.firstName || DEFAULT_AGENT_NAMES.firstName,
  };
  const errors = checkStaffAccount(staff);
  const procedure = input.procedureSlug === "" ? undefined : await findProcedureWithGroups(deps.db, input.procedureSlug);
  if (input.procedureSlug === "") errors.procedure = "Indiquez la démarche que l'agent instruira.";
  else if (!procedure) errors.procedure = `Aucune démarche n'a pour identifiant « ${input.procedureSlug} ».`;
  if (Object.keys(errors).length > 0 || !procedure) throw new FormError(errors);
  const group = chooseGroup(procedure, input.group);
  await assertStaffAccountFree(deps.db, staff);

  const { password, expiresAt, ...temporary } = await newTemporaryPassword(deps.clock, input.identifier);
  const created = await deps.db.transaction().execute(async (db) => {
    const account = await insertStaffAccount(db, { ...staff, role: "agent" }, { ...temporary, expiresAt });
    if (!account) return null;
    await upsertProcedureAgent(db, { procedureId: procedure.id, accountId: account.id, groupName: group, createdAt: temporary.now });
    const via = context.via ? { via: context.via } : {};
    await audit(db, deps.clock, {
      event: "account.created_by_admin",
      accountId: account.id,
      actorId: context.actorId ?? null,
      ip: context.ip ?? null,
      details: { role: "agent", temporaryPasswordExpiresAt: expiresAt.toISOString(), ...via },
    });
    await audit(db, deps.clock, {
      event: "procedure.agent_attached",
      accountId: account.id,
      actorId: context.actorId ?? null,
      ip: context.ip ?? null,
      details: { slug: procedure.slug, group, ...via },
    });
    if (context.mailing) await queueStaffAccountMail(db, context.mailing, { ...staff, identifier: account.identifier, email: account.email, role: "agent", password, expiresAt });
    return account;
  });
  // Taken between the checks above and the insert: the unique indexes had the last word.
  if (!created) throw new FormError({ identifier: STAFF_ACCOUNT_TAKEN });
  return { id: created.id, identifier: created.identifier, email: created.email, password, expiresAt, procedure: { slug: procedure.slug, title: procedure.title }, group, mailed: context.mailing !== undefined };
}
