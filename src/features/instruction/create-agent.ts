import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Civility } from "../../platform/db/schema.ts";
import { FormError } from "../../platform/http/errors.ts";
import { hashPassword } from "../../platform/security/passwords.ts";
import { checkIdentity, IDENTIFIER_PATTERN, isValidEmail, normalizeLogin } from "../accounts/identifiers.ts";
import * as accounts from "../accounts/queries.ts";
import { generateTemporaryPassword, TEMPORARY_PASSWORD_LIFETIME_MS } from "../temporary-password/generate-temporary-password.ts";
import { findProcedureWithGroups, upsertProcedureAgent } from "./queries.ts";

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
  context: { actorId?: string | null; ip?: string | null; via?: string } = {},
): Promise<{ id: string; identifier: string; email: string; password: string; expiresAt: Date; procedure: { slug: string; title: string }; group: string }> {
  const civility = input.civility || DEFAULT_AGENT_NAMES.civility;
  const lastName = input.lastName || DEFAULT_AGENT_NAMES.lastName;
  const firstName = input.firstName || DEFAULT_AGENT_NAMES.firstName;
  const errors: Record<string, string> = {};
  if (input.identifier === "") errors.identifier = "Indiquez un identifiant.";
  else if (!IDENTIFIER_PATTERN.test(input.identifier))
    errors.identifier = "L'identifiant doit contenir de 3 à 64 caractères : lettres sans accent, chiffres, point (.), tiret (-) ou tiret bas (_).";
  if (input.email === "") errors.email = "Indiquez une adresse électronique.";
  else if (!isValidEmail(input.email)) errors.email = "L'adresse électronique n'est pas valide (exemple : nom@exemple.fr).";
  Object.assign(errors, checkIdentity({ civility, lastName, firstName }, "other"));
  if (errors.civility) errors.civility = "La civilité doit être « M. » ou « Mme ».";
  const procedure = input.procedureSlug === "" ? undefined : await findProcedureWithGroups(deps.db, input.procedureSlug);
  if (input.procedureSlug === "") errors.procedure = "Indiquez la démarche que l'agent instruira.";
  else if (!procedure) errors.procedure = `Aucune démarche n'a pour identifiant « ${input.procedureSlug} ».`;
  if (Object.keys(errors).length > 0 || !procedure) throw new FormError(errors);
  const group = chooseGroup(procedure, input.group);

  if (await accounts.findAccountByIdentifier(deps.db, normalizeLogin(input.identifier)))
    throw new FormError({ identifier: `L'identifiant « ${input.identifier} » est déjà utilisé.` });
  if (await accounts.findAccountByEmail(deps.db, normalizeLogin(input.email)))
    throw new FormError({ email: `Un compte existe déjà avec l'adresse ${input.email}.` });

  const password = generateTemporaryPassword(input.identifier);
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + TEMPORARY_PASSWORD_LIFETIME_MS);
  const created = await deps.db.transaction().execute(async (db) => {
    const account = await accounts.insertAccount(db, {
      identifier: input.identifier,
      email: input.email,
      civility: civility as Civility,
      lastName,
      firstName,
      passwordHash,
      role: "agent",
      status: "active",
      mustChangePassword: true,
      temporaryPasswordExpiresAt: expiresAt,
      termsAcceptedAt: now,
      activatedAt: now,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    if (!account) return null;
    await upsertProcedureAgent(db, { procedureId: procedure.id, accountId: account.id, groupName: group, createdAt: now });
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
    return account;
  });
  // Taken between the checks above and the insert: the unique indexes had the last word.
  if (!created) throw new FormError({ identifier: "L'identifiant ou l'adresse électronique vient d'être pris par un autre compte." });
  return { id: created.id, identifier: created.identifier, email: created.email, password, expiresAt, procedure: { slug: procedure.slug, title: procedure.title }, group };
}
