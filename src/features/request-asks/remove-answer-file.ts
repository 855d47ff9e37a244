import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { deleteUpload } from "../../platform/uploads/uploads.ts";
import { lockApplicantRequest } from "../../core/requests/request-access.ts";
import { AskClosedError } from "./errors.ts";
import { deleteUploadRow, lockOpenAsk, saveOpenAnswer } from "../../core/requests/queries/asks.ts";

/**
 * "Retirer": takes back a file added to an answer not yet validated; its bytes go after commit.
 * Returns false when the file was not in the answer. AskClosedError once the ask is closed.
 */
export async function removeAnswerFile(deps: { db: Db; clock: Clock; config: Pick<Config, "dataDir"> }, input: { requestId: string; accountId: string; askId: string; uploadId: string }) {
  const removed = await deps.db.transaction().execute(async (trx) => {
    const request = await lockApplicantRequest(trx, input);
    const ask = await lockOpenAsk(trx, request.id, "documents");
    if (!ask || ask.id !== input.askId) throw new AskClosedError();
    const files = ask.answer.files ?? [];
    if (!files.some((file) => file.uploadId === input.uploadId)) return undefined;
    await saveOpenAnswer(trx, ask.id, { files: files.filter((file) => file.uploadId !== input.uploadId) });
    return deleteUploadRow(trx, input.uploadId);
  });
  if (!removed) return false;
  await deleteUpload(deps, removed);
  return true;
}
