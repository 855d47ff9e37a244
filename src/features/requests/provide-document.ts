import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { deleteUpload, type UploadRecord } from "../../platform/uploads/uploads.ts";
import { RequestNotEditableError } from "../../core/requests/errors.ts";
import { isEditable } from "../../core/requests/policies.ts";
import { deleteRequestDocument, findRequestDocumentByUpload, insertEvent, insertRequestDocument, insertUpload, listRequestDocuments, lockRequest } from "../../core/requests/queries/requests.ts";

/** Most files one document takes (a few payslips, several pages scanned apart). */
export const MAX_FILES_PER_DOCUMENT = 10;

type Deps = { db: Db; clock: Clock; config: Pick<Config, "dataDir"> };

/**
 * Attaches a stored file to one of the documents a draft asks for, or replaces one of its files
 * (`replacing`, an upload id of the same document). The caller stored the file with
 * `storeUpload` under the document's formats and size; if the request is no longer editable the
 * new file is deleted and RequestNotEditableError thrown. A replaced file is deleted after commit.
 */
export async function provideDocument(deps: Deps, input: { requestId: string; documentId: string; upload: UploadRecord; accountId: string; replacing?: string | null }) {
  let replaced: { storageKey: string } | undefined;
  try {
    await deps.db.transaction().execute(async (trx) => {
      const request = await lockRequest(trx, input.requestId);
      if (!request || !isEditable(request.status)) throw new RequestNotEditableError();
      if (input.replacing) {
        const old = await findRequestDocumentByUpload(trx, input.requestId, input.replacing);
        if (old && old.documentId === input.documentId) {
          await deleteRequestDocument(trx, old.id, old.uploadId);
          replaced = old;
        }
      }
      const count = (await listRequestDocuments(trx, input.requestId)).filter((document) => document.documentId === input.documentId).length;
      if (count >= MAX_FILES_PER_DOCUMENT) throw new TooManyFilesError();
      const now = deps.clock.now();
      await insertUpload(trx, input.upload);
      await insertRequestDocument(trx, { requestId: input.requestId, documentId: input.documentId, uploadId: input.upload.id, uploadedBy: input.accountId, now });
      // The applicant's own documents are their business; the history shows them only to agents.
      await insertEvent(trx, { requestId: input.requestId, occurredAt: now, actorId: input.accountId, event: replaced ? "document.replaced" : "document.provided", details: { documentId: input.documentId }, visibleToApplicant: false });
    });
  } catch (error) {
    await deleteUpload(deps, input.upload);
    throw error;
  }
  if (replaced) await deleteUpload(deps, replaced);
}

export class TooManyFilesError extends Error {
  override name = "TooManyFilesError";
  override readonly message = `Vous avez déjà joint ${MAX_FILES_PER_DOCUMENT} fichiers pour cette pièce : supprimez-en un ou remplacez-le.`;
}

/** Removes one file of a draft's document; the bytes go after commit. Returns false when it was not there. */
export async function removeDocument(deps: Deps, input: { requestId: string; uploadId: string; accountId: string }): Promise<boolean> {
  const removed = await deps.db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, input.requestId);
    if (!request || !isEditable(request.status)) throw new RequestNotEditableError();
    const document = await findRequestDocumentByUpload(trx, input.requestId, input.uploadId);
    if (!document) return undefined;
    await deleteRequestDocument(trx, document.id, document.uploadId);
    await insertEvent(trx, { requestId: input.requestId, occurredAt: deps.clock.now(), actorId: input.accountId, event: "document.removed", details: { documentId: document.documentId }, visibleToApplicant: false });
    return document;
  });
  if (!removed) return false;
  await deleteUpload(deps, removed);
  return true;
}
