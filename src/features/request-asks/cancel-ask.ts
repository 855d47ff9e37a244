import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { deleteUpload } from "../../platform/uploads/uploads.ts";
import { lockAgentRequest } from "../../core/requests/request-access.ts";
import { AskNotPossibleError } from "./errors.ts";
import { closeAsk, deleteUploadRow, findAsk, insertAskEvent, unmarkNonConforming } from "../../core/requests/queries/asks.ts";

/**
 * An agent cancels an open ask (asked by mistake, or no longer needed): the applicant can no
 * longer answer it, and the request may be decided again. Files the applicant had added but not
 * validated are deleted; files the ask judged non-conforming are provided again. The history
 * says so, to the applicant too.
 */
export async function cancelAsk(
  deps: { db: Db; clock: Clock; config: Pick<Config, "dataDir"> },
  input: { procedureId: string; requestId: string; agentId: string; askId: string },
  context: { ip?: string | null } = {},
) {
  const orphans = await deps.db.transaction().execute(async (trx) => {
    const request = await lockAgentRequest(trx, input);
    const ask = await findAsk(trx, request.id, input.askId);
    if (!ask || ask.status !== "open") throw new AskNotPossibleError("Cette sollicitation n'est plus en cours : le demandeur y a déjà répondu, ou elle a déjà été annulée.");
    const now = deps.clock.now();
    await closeAsk(trx, { askId: ask.id, status: "cancelled", answer: null, now });
    // The files this ask judged non-conforming are no longer: the agent took the judgement back.
    await unmarkNonConforming(trx, request.id, ask.askedDocuments.flatMap((item) => item.nonConformingFiles ?? []));
    const removed = [];
    for (const file of ask.answer.files ?? []) {
      const row = await deleteUploadRow(trx, file.uploadId);
      if (row) removed.push(row);
    }
    await insertAskEvent(trx, { requestId: request.id, occurredAt: now, actorId: input.agentId, event: ask.kind === "modification" ? "ask.modification_cancelled" : "ask.documents_cancelled", details: { askId: ask.id } });
    await audit(trx, deps.clock, { event: "request.ask_cancelled", actorId: input.agentId, ip: context.ip ?? null, details: { requestId: request.id, askId: ask.id, kind: ask.kind } });
    return removed;
  });
  for (const orphan of orphans) await deleteUpload(deps, orphan);
}
