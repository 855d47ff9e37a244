import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import type { PaymentActor } from "./payments.ts";
import { lockRequestWithProcedure } from "./queries/requests.ts";
import { lockAgentRequest } from "./request-access.ts";

/**
 * The request a payment step acts on, locked for the step's transaction: for an agent, one of
 * their procedures' filed requests (lockAgentRequest); for a partner (whose token the API checked),
 * any filed request of the procedure its path names. NotFoundError otherwise.
 */
export async function lockPaymentRequest(db: Db, actor: PaymentActor, input: { procedureId: string; requestId: string }) {
  if (actor.kind === "agent") return lockAgentRequest(db, { ...input, agentId: actor.agentId });
  const request = await lockRequestWithProcedure(db, input.requestId);
  if (!request || request.procedureId !== input.procedureId || request.status === "draft") throw new NotFoundError();
  return request;
}
