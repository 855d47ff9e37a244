import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { deleteUpload, type UploadRecord } from "../../platform/uploads/uploads.ts";
import { insertUpload } from "../../core/requests/queries/requests.ts";
import { lockApplicantRequest } from "../../core/requests/request-access.ts";
import { AskClosedError } from "./errors.ts";
import { lockOpenAsk, saveOpenAnswer } from "../../core/requests/queries/asks.ts";

/** Most files one asked document takes (as for the request's own documents). */
export const MAX_FILES_PER_ITEM = 10;

export class TooManyAnswerFilesError extends Error {
  override name = "TooManyAnswerFilesError";
  override readonly message = `Vous avez déjà ajouté ${MAX_FILES_PER_ITEM} fichiers pour cette pièce : retirez-en un avant d'en ajouter un autre.`;
}

/**
 * "Ajouter": keeps a file for one document of an open documents ask, in the answer being
 * prepared (the agent sees it only once the applicant validates). The caller stored it with
 * `storeUpload` under the document's formats and size; on any refusal the file is deleted.
 * AskClosedError when the ask is no longer open; NotFoundError for an unknown document.
 */
export async function addAnswerFile(
  deps: { db: Db; clock: Clock; config: Pick<Config, "dataDir"> },
  input: { requestId: string; accountId: string; askId: string; itemId: string; upload: UploadRecord },
) {
  try {
    await deps.db.transaction().execute(async (trx) => {
      const request = await lockApplicantRequest(trx, input);
      const ask = await lockOpenAsk(trx, request.id, "documents");
      if (!ask || ask.id !== input.askId || request.status !== "in_instruction") throw new AskClosedError();
      if (!ask.askedDocuments.some((item) => item.id === input.itemId)) throw new NotFoundError();
      const files = ask.answer.files ?? [];
      if (files.filter((file) => file.itemId === input.itemId).length >= MAX_FILES_PER_ITEM) throw new TooManyAnswerFilesError();
      await insertUpload(trx, input.upload);
      const { id, originalName, detectedType, size } = input.upload;
      await saveOpenAnswer(trx, ask.id, { files: [...files, { itemId: input.itemId, uploadId: id, originalName, detectedType, size }] });
    });
  } catch (error) {
    await deleteUpload(deps, input.upload);
    throw error;
  }
}
