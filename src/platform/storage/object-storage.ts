/**
 * Where the portal keeps files (uploaded documents): the local disk under `<DATA_DIR>`, the
 * embedded default, or an S3-compatible bucket when `S3_URL` is set, so that several processes
 * or machines see the same files. Callers name a file by its key ("uploads/ab/ab…"); keys are
 * checked by their owner (uploads.ts) before they reach a store.
 */
import type { Readable } from "node:stream";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import path from "node:path";
import type { Config, ObjectStorageConfig } from "../config.ts";
import { createS3Storage } from "./s3-storage.ts";

export interface ObjectStorage {
  /** For logs and /health. */
  readonly kind: "disk" | "s3";
  /**
   * Keeps a finished local file under `key`, taking it over: the local file is moved (disk) or
   * sent then removed (S3). Nothing is readable under `key` until this resolves.
   */
  putFile(key: string, localFile: string, size: number): Promise<void>;
  /** A stream of the file and its size; throws StoredFileNotFoundError when there is none. */
  open(key: string): Promise<{ stream: Readable; size: number }>;
  /** Removes the file; false when it was already gone, so a retried deletion is harmless. */
  delete(key: string): Promise<boolean>;
  /** Answers whether the store responds (for /health). */
  ping(): Promise<boolean>;
  /** Frees connections (S3's sockets); the disk has none. */
  close(): void;
}

export class StoredFileNotFoundError extends Error {
  override name = "StoredFileNotFoundError";
}

/** Files on the local disk, under `root` (never served by the web server). */
export function createDiskStorage(root: string): ObjectStorage {
  const fileOf = (key: string) => path.join(root, key);
  return {
    kind: "disk",
    async putFile(key, localFile) {
      await mkdir(path.dirname(fileOf(key)), { recursive: true, mode: 0o700 });
      await rename(localFile, fileOf(key));
    },
    async open(key) {
      try {
        const handle = await open(fileOf(key), "r");
        const { size } = await handle.stat();
        return { stream: handle.createReadStream(), size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new StoredFileNotFoundError(`No stored file for key ${key}`);
        throw error;
      }
    },
    async delete(key) {
      try {
        await unlink(fileOf(key));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
    },
    async ping() {
      try {
        await mkdir(root, { recursive: true, mode: 0o700 });
        return true;
      } catch {
        return false;
      }
    },
    close() {},
  };
}

// One store per configuration object: the S3 client and its sockets are made once per process,
// whichever use case asks (they all hand over the app's one `config`).
const stores = new WeakMap<object, ObjectStorage>();

/**
 * The store the configuration names: S3 when `objectStorage` is set (S3_URL), else the disk
 * under `<DATA_DIR>`. A configuration without `objectStorage` (a test's `{ dataDir }`) is the disk.
 */
export function objectStorageFor(config: Pick<Config, "dataDir"> & { objectStorage?: ObjectStorageConfig | undefined }): ObjectStorage {
  let store = stores.get(config);
  if (!store) {
    store = config.objectStorage ? createS3Storage(config.objectStorage) : createDiskStorage(config.dataDir);
    stores.set(config, store);
  }
  return store;
}

/** Frees the store made for this configuration, if any (at shutdown). */
export function closeObjectStorage(config: object): void {
  stores.get(config)?.close();
  stores.delete(config);
}
