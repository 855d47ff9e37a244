import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { applyTransition, canApply, TransitionRefused } from "./state-machine.ts";
import { RequestNotEditableError } from "./errors.ts";

/**
 * "Abandonner ma demande": the applicant gives up a draft, filed or in-instruction request. The
 * request keeps its history; agents no longer see it in their queue. Throws
 * RequestNotEditableError when it can no longer be abandoned (decided, or abandoned already).
 */
export async function abandonRequest(deps: { db: Db; clock: Clock }, input: { requestId: string; accountId: string }) {
  try {
    await deps.db.transaction().execute((trx) => applyTransition(deps, trx, { requestId: input.requestId, transition: "abandon", actorId: input.accountId }));
  } catch (error) {
    if (error instanceof TransitionRefused) throw new RequestNotEditableError();
    throw error;
  }
}

export const mayAbandon = (status: Parameters<typeof canApply>[1]) => canApply("abandon", status);
