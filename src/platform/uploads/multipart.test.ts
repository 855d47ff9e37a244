import multipart from "@fastify/multipart";
import Fastify from "fastify";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../clock.ts";
import { buildPdf, readLinuxExecutable } from "./test-files.ts";
import { storeUpload, uploadsDirectory, type UploadDeps } from "./uploads.ts";

const MAX_BYTES = 256 * 1024;
let deps: UploadDeps;

beforeEach(async () => {
  deps = { config: { dataDir: await mkdtemp(path.join(tmpdir(), "guichet-uploads-")) }, clock: fixedClock() };
});
afterEach(async () => {
  await rm(deps.config.dataDir, { recursive: true, force: true });
});

/** A route streaming the file part straight into the store, as request pages will. */
async function uploadApp() {
  const app = Fastify();
  await app.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_BYTES, files: 1 } });
  app.post("/piece", async (request, reply) => {
    const part = await request.file();
    if (!part) return reply.code(422).send({ message: "no file" });
    const result = await storeUpload(deps, { content: part.file, declaredName: part.filename, accepted: ["pdf"], maxBytes: MAX_BYTES });
    return reply.code(result.ok ? 201 : 422).send(result.ok ? { name: result.upload.originalName, size: result.upload.size } : { message: result.message });
  });
  return app;
}

function multipartBody(fileName: string, content: Buffer) {
  const boundary = "----guichet-test-boundary";
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="piece"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

async function storedFiles() {
  const entries = await readdir(uploadsDirectory(deps), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile());
}

describe("an upload streamed from a multipart form", () => {
  it("is stored when it is a PDF under the limit", async () => {
    const app = await uploadApp();
    const pdf = await buildPdf();
    const response = await app.inject({ method: "POST", url: "/piece", ...multipartBody("avis.pdf", pdf) });
    await app.close();
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ name: "avis.pdf", size: pdf.length });
    expect(await storedFiles()).toHaveLength(1);
  });

  it("is refused when the parser cut it at the limit, and the request still completes", async () => {
    const app = await uploadApp();
    const pdf = await buildPdf();
    const big = Buffer.concat([pdf, Buffer.alloc(MAX_BYTES, 0x20)]);
    const response = await app.inject({ method: "POST", url: "/piece", ...multipartBody("gros.pdf", big) });
    await app.close();
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ message: "Le fichier dépasse la taille maximale autorisée (256 Ko)." });
    expect(await storedFiles()).toEqual([]);
  });

  it("is refused when it is a program named .pdf", async () => {
    const app = await uploadApp();
    const response = await app.inject({ method: "POST", url: "/piece", ...multipartBody("avis.pdf", readLinuxExecutable().subarray(0, 4096)) });
    await app.close();
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toMatch(/^Ce fichier est un programme, pas un document/);
    expect(await storedFiles()).toEqual([]);
  });
});
