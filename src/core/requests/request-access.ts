import type { Db } from "../../platform/db/database.ts";
import { lockRequestWithProcedure } from "./queries/requests.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { isAttachedAgent } from "./agent-policies.ts";

/**
 * The locks every action on a filed request starts with (asks, payments…), in the use case's own
 * transaction.
 */

/**
 * The request, locked for the caller's transaction, if the agent is attached to its procedure;
 * NotFoundError otherwise (checked again inside each use case, as decisions do).
 */
export async function lockAgentRequest(db: Db, input: { agentId: string; procedureId: string; requestId: string }) {
  if (!(await isAttachedAgent(db, input.agentId, input.procedureId))) throw new NotFoundError();
  const request = await lockRequestWithProcedure(db, input.requestId);
  if (!request || request.procedureId !== input.procedureId || request.status === "draft") throw new NotFoundError();
  return request;
}

/** The request, locked, if it is this person's; NotFoundError otherwise (another person's request is a 404). */
export async function lockApplicantRequest(db: Db, input: { accountId: string; requestId: string }) {
  const request = await lockRequestWithProcedure(db, input.requestId);
  if (!request || request.applicantId !== input.accountId) throw new NotFoundError();
  return request;
}
