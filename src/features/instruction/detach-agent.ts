import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { deleteProcedureAgent, findProcedureWithGroups } from "../../core/requests/queries/agents.ts";

/**
 * Detaches an agent from a procedure: they no longer see its requests. Requests they had taken
 * keep them as their assigned agent (the history says who processed what). Audited;
 * NotFoundError when the agent was not attached to that procedure.
 */
export async function detachAgent(
  deps: { db: Db; clock: Clock },
  input: { agentId: string; procedureSlug: string },
  actor: { actorId: string | null; ip?: string | null },
): Promise<{ slug: string }> {
  const procedure = await findProcedureWithGroups(deps.db, input.procedureSlug);
  if (!procedure) throw new NotFoundError();
  return deps.db.transaction().execute(async (db) => {
    if (!(await deleteProcedureAgent(db, procedure.id, input.agentId))) throw new NotFoundError();
    await audit(db, deps.clock, { event: "procedure.agent_detached", accountId: input.agentId, actorId: actor.actorId, ip: actor.ip ?? null, details: { slug: procedure.slug } });
    return { slug: procedure.slug };
  });
}
