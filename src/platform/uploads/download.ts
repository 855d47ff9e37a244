import type { FastifyReply } from "fastify";
import { attachmentDisposition } from "./file-names.ts";
import { FILE_TYPES } from "./file-types.ts";
import { openUpload, type UploadDeps, type UploadRecord } from "./uploads.ts";

/**
 * Sends a stored document as a download, after the route has checked the reader's right to it.
 * Always an attachment with the type read from the content and `nosniff`, so an uploaded file
 * is never rendered by the browser as a page of the portal; `private, no-store` keeps personal
 * documents out of shared and local caches. Throws `UploadNotFoundError` (a 404 for the route)
 * when the file is missing.
 */
export async function sendUploadAsAttachment(
  reply: FastifyReply,
  deps: Pick<UploadDeps, "config">,
  upload: Pick<UploadRecord, "storageKey" | "originalName" | "detectedType">,
): Promise<FastifyReply> {
  const { stream, size } = await openUpload(deps, upload);
  return reply
    .header("content-type", FILE_TYPES[upload.detectedType].mime)
    .header("content-length", size)
    .header("content-disposition", attachmentDisposition(upload.originalName))
    .header("x-content-type-options", "nosniff")
    .header("cache-control", "private, no-store")
    .send(stream);
}
