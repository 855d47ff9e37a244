/**
 * The store of uploaded documents (pièces justificatives, attachments to messages). Files live
 * in `<DATA_DIR>/uploads/`, outside anything the web server serves, or under `uploads/` in the
 * S3 bucket when S3_URL is set (platform/storage), under random keys; what a file is comes from
 * its content; nothing is served but as an attachment (download.ts).
 *
 * The store keeps bytes only. The caller saves the returned `UploadRecord` (see README.md for
 * the table) in the same transaction as what the document belongs to, and checks who may
 * read it before calling `openUpload`: a storage key alone is never enough to be served.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { objectStorageFor, StoredFileNotFoundError } from "../storage/object-storage.ts";
import { describeTypes, detectFileType, withFileSource, type FileTypeName } from "./file-types.ts";
import { sanitiseFileName } from "./file-names.ts";
import { VirusScanUnavailableError, type VirusScanner } from "./virus-scan.ts";

/** One stored file, as the `uploads` table holds it. */
export interface UploadRecord {
  /** UUID, the row's primary key: what pages and URLs name. */
  id: string;
  /** Where the bytes are, relative to `<DATA_DIR>/uploads`: `ab/ab…` (32 random base32 characters). */
  storageKey: string;
  /** The sender's file name, cleaned for display and Content-Disposition, with the right extension. */
  originalName: string;
  /** The type read from the content. */
  detectedType: FileTypeName;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the content: integrity, and duplicate detection if ever needed. */
  sha256: string;
  createdAt: Date;
}

export interface UploadDeps {
  /** `objectStorage` (S3_URL) sends the files to the bucket; without it they stay under `dataDir`. */
  config: StorageConfig;
  clock: Clock;
  /** Set when clamd is configured; every file is then scanned before it is kept. */
  scanner?: VirusScanner | undefined;
}

export interface StoreUploadInput {
  /**
   * The bytes: a buffer, or a stream such as `@fastify/multipart`'s `file.file`. For a multipart
   * stream set `limits.fileSize` to `maxBytes` so the parser stops reading; a stream it cut
   * short (`truncated`) is refused as too large.
   */
  content: Buffer | (AsyncIterable<Uint8Array> & { truncated?: boolean });
  /** The file name the browser sent; only shown back, never used as a path. */
  declaredName: string;
  /** What this document may be (from the procedure's definition). */
  accepted: readonly FileTypeName[];
  maxBytes: number;
  /** Set when the multipart parser already cut the file at its limit (its `truncated` flag). */
  truncated?: boolean;
}

export type UploadRefusal = "empty" | "too-large" | "wrong-type" | "executable" | "infected" | "scan-unavailable";

export type StoreUploadResult = { ok: true; upload: UploadRecord } | { ok: false; reason: UploadRefusal; message: string };

export class UploadNotFoundError extends Error {
  override name = "UploadNotFoundError";
}

/** The app's `config` fits as is; a test's `{ dataDir }` means the local disk. */
export type StorageConfig = Pick<Config, "dataDir"> & Partial<Pick<Config, "objectStorage">>;

const STORAGE_KEY = /^([a-z2-7]{2})\/\1[a-z2-7]{30}$/;

/** Where uploads live: inside the data directory, which is never served. */
export function uploadsDirectory(deps: Pick<UploadDeps, "config">): string {
  return path.join(deps.config.dataDir, "uploads");
}

/**
 * Checks and keeps one uploaded file. Refusals are data (`{ ok: false, reason, message }`)
 * carrying the French sentence to show under the upload field; nothing is left on disk after a
 * refusal or an error.
 */
export async function storeUpload(deps: UploadDeps, input: StoreUploadInput): Promise<StoreUploadResult> {
  const root = uploadsDirectory(deps);
  const incoming = path.join(root, ".incoming");
  await mkdir(incoming, { recursive: true, mode: 0o700 });
  const temporary = path.join(incoming, `${randomBytes(16).toString("hex")}.part`);
  let kept = false;
  try {
    const written = await writeLimited(temporary, input.content, input.maxBytes);
    if (written.tooLarge || input.truncated === true) return refuse("too-large", `Le fichier dépasse la taille maximale autorisée (${formatFileSize(input.maxBytes)}).`);
    if (written.size === 0) return refuse("empty", "Le fichier est vide : choisissez un autre fichier.");

    const accepted = `Formats acceptés : ${describeTypes(input.accepted)}.`;
    const detection = await detectOnDisk(temporary, written.size);
    if (detection.kind === "executable") return refuse("executable", `Ce fichier est un programme, pas un document : il ne peut pas être déposé. ${accepted}`);
    if (detection.kind === "unknown" || !input.accepted.includes(detection.type)) {
      return refuse("wrong-type", `Le format de ce fichier n'est pas accepté (son contenu a été vérifié, pas seulement son nom). ${accepted}`);
    }

    if (deps.scanner) {
      try {
        const scan = await deps.scanner.scanFile(temporary);
        if (!scan.clean) return refuse("infected", "Ce fichier contient un virus ou un programme malveillant : il a été refusé.");
      } catch (error) {
        // Fail closed: an unscanned file is not kept when scanning is configured.
        if (error instanceof VirusScanUnavailableError) return refuse("scan-unavailable", "L'analyse antivirus du fichier n'a pas pu être faite : réessayez dans quelques minutes.");
        throw error;
      }
    }

    const token = base32Token();
    const storageKey = `${token.slice(0, 2)}/${token}`;
    await objectStorageFor(deps.config).putFile(objectKey(storageKey), temporary, written.size);
    kept = true;
    return {
      ok: true,
      upload: {
        id: randomUUID(),
        storageKey,
        originalName: sanitiseFileName(input.declaredName, detection.type),
        detectedType: detection.type,
        size: written.size,
        sha256: written.sha256,
        createdAt: deps.clock.now(),
      },
    };
  } finally {
    if (!kept) await rm(temporary, { force: true });
  }
}

/**
 * Opens a stored file for reading, after the caller has checked the reader's right to it.
 * Opening first (rather than streaming a path) makes a missing file an error before any byte
 * of the response is sent.
 */
export async function openUpload(deps: Pick<UploadDeps, "config">, upload: Pick<UploadRecord, "storageKey">): Promise<{ stream: Readable; size: number }> {
  try {
    return await objectStorageFor(deps.config).open(objectKey(upload.storageKey));
  } catch (error) {
    if (error instanceof StoredFileNotFoundError) throw new UploadNotFoundError(error.message);
    throw error;
  }
}

/**
 * Removes a stored file. Call it after the transaction deleting its row has committed (a
 * rolled-back deletion must not lose the file). Returns false when it was already gone, so a
 * retried deletion is harmless.
 */
export async function deleteUpload(deps: Pick<UploadDeps, "config">, upload: Pick<UploadRecord, "storageKey">): Promise<boolean> {
  return await objectStorageFor(deps.config).delete(objectKey(upload.storageKey));
}

/** "10 Mo", "2,5 Mo", "300 Ko": sizes as people read them, 1 Mo = 1 048 576 octets as file managers count. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} Ko`;
  const megabytes = Math.round((bytes / 1024 / 1024) * 10) / 10;
  return `${megabytes.toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}

function refuse(reason: UploadRefusal, message: string): StoreUploadResult {
  return { ok: false, reason, message };
}

/** Storage keys come from the database, but are checked again so no value can walk out of the folder. */
function objectKey(storageKey: string): string {
  if (!STORAGE_KEY.test(storageKey)) throw new UploadNotFoundError(`Invalid storage key ${JSON.stringify(storageKey)}`);
  return `uploads/${storageKey}`;
}

/** 160 random bits in lower-case base32 (32 characters), safe on every file system. */
function base32Token(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let token = "";
  for (const byte of randomBytes(32)) token += alphabet[byte & 31];
  return token;
}

/** Writes the content, counting and hashing it, and stops keeping bytes past the limit. */
async function writeLimited(file: string, content: StoreUploadInput["content"], maxBytes: number) {
  const handle = await open(file, "wx", 0o600);
  const hash = createHash("sha256");
  let size = 0;
  let tooLarge = false;
  try {
    const chunks: AsyncIterable<Uint8Array> | Uint8Array[] = Buffer.isBuffer(content) ? [content] : content;
    for await (const chunk of chunks) {
      size += chunk.length;
      // Keep reading (and dropping) the rest: a multipart stream left unread would stall the request.
      if (size > maxBytes) tooLarge = true;
      if (tooLarge) continue;
      hash.update(chunk);
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  if (!Buffer.isBuffer(content) && content.truncated === true) tooLarge = true;
  return { size, tooLarge, sha256: hash.digest("hex") };
}

async function detectOnDisk(file: string, size: number) {
  return await withFileSource(file, size, detectFileType);
}
