import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { isAttachedAgent } from "../../core/requests/agent-policies.ts";
import { lockRequestWithProcedure } from "../../core/requests/queries/requests.ts";

/** The request, locked for the caller's transaction, if the agent processes its procedure; NotFoundError otherwise. */
export async function lockAgentRequest(db: Db, input: { agentId: string; procedureId: string; requestId: string }) {
  if (!(await isAttachedAgent(db, input.agentId, input.procedureId))) throw new NotFoundError();
  const request = await lockRequestWithProcedure(db, input.requestId);
  if (!request || request.procedureId !== input.procedureId || request.status === "draft") throw new NotFoundError();
  return request;
}

/** The request, locked, if it is this person's; NotFoundError otherwise. */
export async function lockApplicantRequest(db: Db, input: { accountId: string; requestId: string }) {
  const request = await lockRequestWithProcedure(db, input.requestId);
  if (!request || request.applicantId !== input.accountId) throw new NotFoundError();
  return request;
}
