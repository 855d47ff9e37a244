import Fastify from "fastify";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../clock.ts";
import { readConfig } from "../config.ts";
import { sendUploadAsAttachment } from "../uploads/download.ts";
import { buildPdf, buildPng } from "../uploads/test-files.ts";
import { deleteUpload, openUpload, storeUpload, UploadNotFoundError, uploadsDirectory, type UploadDeps } from "../uploads/uploads.ts";
import { closeObjectStorage, objectStorageFor } from "./object-storage.ts";
import { startS3TestServer } from "./s3-test-server.ts";

const MEGABYTE = 1024 * 1024;
let s3: Awaited<ReturnType<typeof startS3TestServer>>;
beforeAll(async () => {
  s3 = await startS3TestServer();
});
afterAll(async () => {
  await s3.close();
});

/** Files left on the local disk under uploads/, temporary ones included. */
async function localFiles(deps: UploadDeps): Promise<string[]> {
  const root = uploadsDirectory(deps);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

// The same contract on both stores: what passes on the disk passes on S3.
describe.each(["disk", "s3"] as const)("uploads kept on the %s", (kind) => {
  let deps: UploadDeps;
  beforeEach(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "guichet-storage-"));
    deps = { config: readConfig({ NODE_ENV: "test", DATA_DIR: dataDir, ...(kind === "s3" ? { S3_URL: s3.url } : {}) }), clock: fixedClock() };
  });
  afterEach(async () => {
    closeObjectStorage(deps.config);
    await rm(deps.config.dataDir, { recursive: true, force: true });
  });

  it("stores a file where the configuration says, reads it back byte for byte, and deletes it once", async () => {
    const pdf = await buildPdf("Avis d'imposition");
    const result = await storeUpload(deps, { content: Readable.from([pdf]), declaredName: "avis.pdf", accepted: ["pdf"], maxBytes: MEGABYTE });
    if (!result.ok) throw new Error(result.message);
    const key = `uploads/${result.upload.storageKey}`;
    if (kind === "s3") {
      expect(await s3.keys()).toContain(key);
      expect(await localFiles(deps)).toEqual([]);
    } else {
      expect(await localFiles(deps)).toEqual([result.upload.storageKey]);
    }
    const { stream, size } = await openUpload(deps, result.upload);
    expect(size).toBe(pdf.length);
    expect(Buffer.concat(await stream.toArray())).toEqual(pdf);

    expect(await deleteUpload(deps, result.upload)).toBe(true);
    expect(await deleteUpload(deps, result.upload)).toBe(false);
    await expect(openUpload(deps, result.upload)).rejects.toThrow(UploadNotFoundError);
    if (kind === "s3") expect(await s3.keys()).not.toContain(key);
  });

  it("keeps nothing of a refused file, anywhere", async () => {
    const before = kind === "s3" ? await s3.keys() : [];
    const result = await storeUpload(deps, { content: buildPng(), declaredName: "scan.pdf", accepted: ["pdf"], maxBytes: MEGABYTE });
    expect(result).toMatchObject({ ok: false, reason: "wrong-type" });
    expect(await localFiles(deps)).toEqual([]);
    if (kind === "s3") expect(await s3.keys()).toEqual(before);
  });

  it("downloads a stored file as an attachment, streamed with its length, and a missing one as UploadNotFoundError", async () => {
    // 3 Mo of PDF: larger than one socket buffer, so the response really streams.
    const pdf = Buffer.concat([await buildPdf("Relevé"), Buffer.alloc(3 * MEGABYTE, "%")]);
    const result = await storeUpload(deps, { content: pdf, declaredName: "relevé.pdf", accepted: ["pdf"], maxBytes: 5 * MEGABYTE });
    if (!result.ok) throw new Error(result.message);
    const app = Fastify();
    app.get("/piece", (_request, reply) => sendUploadAsAttachment(reply, deps, result.upload));
    app.get("/manquante", async (_request, reply) => {
      try {
        return await sendUploadAsAttachment(reply, deps, { ...result.upload, storageKey: "aa/aa" + "b".repeat(30) });
      } catch (error) {
        return reply.code(error instanceof UploadNotFoundError ? 404 : 500).send("");
      }
    });
    const response = await app.inject({ method: "GET", url: "/piece" });
    const missing = await app.inject({ method: "GET", url: "/manquante" });
    await app.close();
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-length"]).toBe(String(pdf.length));
    expect(response.headers["content-disposition"]).toContain("attachment;");
    expect(response.rawPayload.equals(pdf)).toBe(true);
    expect(missing.statusCode).toBe(404);
  });

  it("answers that it is reachable", async () => {
    expect(objectStorageFor(deps.config).kind).toBe(kind);
    expect(await objectStorageFor(deps.config).ping()).toBe(true);
  });
});

describe("an unreachable S3 server", () => {
  it("says so to /health, and an upload fails loudly rather than losing the file silently", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "guichet-storage-"));
    const config = readConfig({ NODE_ENV: "test", DATA_DIR: dataDir, S3_URL: "s3://K:S@guichet-test?endpoint=http://127.0.0.1:9&region=us-east-1" });
    try {
      expect(await objectStorageFor(config).ping()).toBe(false);
      await expect(storeUpload({ config, clock: fixedClock() }, { content: await buildPdf(), declaredName: "a.pdf", accepted: ["pdf"], maxBytes: MEGABYTE })).rejects.toThrow();
      expect(await localFiles({ config, clock: fixedClock() })).toEqual([]);
    } finally {
      closeObjectStorage(config);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
