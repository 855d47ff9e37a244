import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { findAccountById } from "../../core/accounts/queries/accounts.ts";
import { chooseGroup } from "./create-agent.ts";
import { findProcedureWithGroups, upsertProcedureAgent } from "../../core/requests/queries/agents.ts";

/**
 * Attaches an existing agent to a procedure, in one of its groups (its first when none is
 * chosen); attaching again moves the agent to the group given. Audited. NotFoundError when the
 * account is not an agent; FormError keyed `procedure` or `group` on bad input.
 */
export async function attachAgent(
  deps: { db: Db; clock: Clock },
  input: { agentId: string; procedureSlug: string; group?: string },
  actor: { actorId: string | null; ip?: string | null },
): Promise<{ slug: string; title: string; group: string; attached: boolean }> {
  const agent = await findAccountById(deps.db, input.agentId);
  if (!agent || agent.role !== "agent") throw new NotFoundError();
  if (input.procedureSlug === "") throw new FormError({ procedure: "Choisissez une démarche." });
  const procedure = await findProcedureWithGroups(deps.db, input.procedureSlug);
  if (!procedure) throw new FormError({ procedure: `Aucune démarche n'a pour identifiant « ${input.procedureSlug} ».` });
  const group = chooseGroup(procedure, input.group);
  return deps.db.transaction().execute(async (db) => {
    const result = await upsertProcedureAgent(db, { procedureId: procedure.id, accountId: agent.id, groupName: group, createdAt: deps.clock.now() });
    await audit(db, deps.clock, {
      event: result.attached ? "procedure.agent_attached" : "procedure.agent_group_changed",
      accountId: agent.id,
      actorId: actor.actorId,
      ip: actor.ip ?? null,
      details: { slug: procedure.slug, group, ...(result.previousGroup !== null ? { previousGroup: result.previousGroup } : {}) },
    });
    return { slug: procedure.slug, title: procedure.title, group, attached: result.attached };
  });
}
