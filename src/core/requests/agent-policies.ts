import type { FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../platform/db/database.ts";
import { requireAccount } from "../../platform/http/auth.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { findAgentProcedure, isAgentOfProcedure, type AgentProcedure } from "./queries/agents.ts";

/*
 * Who may do what in instruction:
 * - only accounts with the role "agent" use the instruction pages; platform admins manage agents
 *   (create, attach, detach) but do not process requests — so their decisions are always an
 *   agent's, attached to the procedure;
 * - an agent sees and processes the requests of the procedures they are attached to, and
 *   nothing else: anything else is "not found", so an address never tells what exists.
 */

/** Guard for the instruction pages: signed in as an agent, else 404 (after the login redirect). */
export async function requireAgent(request: FastifyRequest, reply: FastifyReply) {
  await requireAccount(request, reply);
  if (reply.sent) return;
  if (request.currentSession?.role !== "agent") throw new NotFoundError();
}

/** The procedure, if this agent is attached to it; NotFoundError otherwise. */
export async function agentProcedureOr404(db: Db, agentId: string, slug: string): Promise<AgentProcedure> {
  const procedure = await findAgentProcedure(db, agentId, slug);
  if (!procedure) throw new NotFoundError();
  return procedure;
}

/** Whether this account is an agent attached to the procedure (checked again inside each decision). */
export async function isAttachedAgent(db: Db, agentId: string, procedureId: string): Promise<boolean> {
  return isAgentOfProcedure(db, agentId, procedureId);
}
