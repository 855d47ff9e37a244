import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { deleteUpload, type UploadRecord } from "../../platform/uploads/uploads.ts";
import { closeAsk, deleteUploadRow, listRequestAsks } from "../../core/requests/queries/asks.ts";
import { lockOwnRequest } from "../../core/requests/queries/requests.ts";
import { applyTransition, canApply, TransitionRefused } from "../../core/requests/state-machine.ts";
import { RequestNotEditableError } from "../../core/requests/errors.ts";

/**
 * "Abandonner ma demande": the applicant gives up a draft, filed or in-instruction request. The
 * request keeps its history; agents no longer see it in their queue. An agent's open request
 * for a modification or documents is cancelled with it (nobody can answer it any more), and the
 * files added to an answer not yet sent are deleted. Throws RequestNotEditableError when it can
 * no longer be abandoned (decided, or abandoned already).
 */
export async function abandonRequest(deps: { db: Db; clock: Clock; config: Pick<Config, "dataDir"> }, input: { requestId: string; accountId: string }) {
  let orphans: Pick<UploadRecord, "storageKey">[];
  try {
    orphans = await deps.db.transaction().execute(async (trx) => {
      // Still theirs under the lock: a claim may have moved the request since the page was read.
      if (!(await lockOwnRequest(trx, input.requestId, input.accountId))) throw new RequestNotEditableError();
      await applyTransition(deps, trx, { requestId: input.requestId, transition: "abandon", actorId: input.accountId });
      const removed = [];
      for (const ask of await listRequestAsks(trx, input.requestId)) {
        if (ask.status !== "open") continue;
        await closeAsk(trx, { askId: ask.id, status: "cancelled", answer: null, now: deps.clock.now() });
        for (const file of ask.answer.files ?? []) {
          const row = await deleteUploadRow(trx, file.uploadId);
          if (row) removed.push(row);
        }
      }
      return removed;
    });
  } catch (error) {
    if (error instanceof TransitionRefused) throw new RequestNotEditableError();
    throw error;
  }
  for (const orphan of orphans) await deleteUpload(deps, orphan);
}

export const mayAbandon = (status: Parameters<typeof canApply>[1]) => canApply("abandon", status);
