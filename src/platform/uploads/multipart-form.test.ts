import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../clock.ts";
import type { CurrentSession } from "../sessions/sessions.ts";
import { registerMultipartForm, type FileRules, type MultipartFormOptions } from "./multipart-form.ts";
import { buildPdf, buildWindowsExecutable } from "./test-files.ts";
import { uploadsDirectory, type UploadDeps } from "./uploads.ts";

const MAX_BYTES = 256 * 1024;
const PDF_ONLY: FileRules = { accepted: ["pdf"], maxBytes: MAX_BYTES };
let deps: UploadDeps;

beforeEach(async () => {
  deps = { config: { dataDir: await mkdtemp(path.join(tmpdir(), "guichet-multipart-form-")) }, clock: fixedClock() };
});
afterEach(async () => {
  await rm(deps.config.dataDir, { recursive: true, force: true });
});

type Part = { name: string; value: string; contentType?: string } | { name: string; fileName: string; content: Buffer };

function multipartBody(parts: Part[]) {
  const boundary = "----guichet-form-boundary";
  const chunks = parts.flatMap((part) =>
    "fileName" in part
      ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: application/pdf\r\n\r\n`), part.content, Buffer.from("\r\n")]
      : [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${part.contentType ? `\r\nContent-Type: ${part.contentType}` : ""}\r\n\r\n${part.value}\r\n`)],
  );
  return { payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "x-signed-in": "yes" } };
}

/**
 * A scope like the upload routes': a session when the request says so (the app's session
 * cookie stands behind it there), one form route answering what the helper read, and a hook
 * telling when the helper's own response hook has run.
 */
async function formApp(options: Partial<MultipartFormOptions> & { keep?: boolean } = {}) {
  const app = Fastify();
  const asked: string[] = [];
  const responded: Promise<void>[] = [];
  app.decorateRequest("currentSession", null);
  app.addHook("onRequest", async (request) => {
    if (request.headers["x-signed-in"] === "yes") request.currentSession = { accountId: "compte-1" } as CurrentSession;
  });
  await app.register(async (scope: FastifyInstance) => {
    const form = await registerMultipartForm(scope, deps, {
      maxFileBytes: MAX_BYTES,
      fields: 3,
      fieldBytes: 1024,
      async fileRules(_request, part, session) {
        asked.push(`${session.accountId}:${part.fieldname}`);
        return part.fieldname === "fichier" ? PDF_ONLY : undefined;
      },
      ...options,
    });
    let done!: () => void;
    scope.addHook("onRequest", async () => {
      responded.push(new Promise((resolve) => (done = resolve)));
    });
    scope.addHook("onResponse", async () => done());
    scope.post("/formulaire", async (request: FastifyRequest) => {
      const { fields, file } = form.read(request, ["message", "_csrf"]);
      if (options.keep && file.kind === "stored") form.keep(request);
      return { fields, file: file.kind === "stored" ? { kind: file.kind, name: file.upload.originalName, size: file.upload.size } : file, body: request.body };
    });
  });
  return { app, asked, responded: () => Promise.all(responded) };
}

async function storedFiles() {
  const entries = await readdir(uploadsDirectory(deps), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile());
}

describe("a multipart form read by the shared helper", () => {
  it("gives the text fields trimmed and the stored file, which stays once a use case keeps it", async () => {
    const { app, responded } = await formApp({ keep: true });
    const pdf = await buildPdf();
    const response = await app.inject({ method: "POST", url: "/formulaire", ...multipartBody([{ name: "_csrf", value: "jeton" }, { name: "message", value: "  Bonjour  " }, { name: "fichier", fileName: "avis.pdf", content: pdf }]) });
    await responded();
    await app.close();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ fields: { message: "Bonjour", _csrf: "jeton" }, file: { kind: "stored", name: "avis.pdf", size: pdf.length } });
    expect(await storedFiles()).toHaveLength(1);
  });

  it("deletes a stored file nobody kept when the response is sent (refused token, no right…)", async () => {
    const { app, responded } = await formApp();
    const response = await app.inject({ method: "POST", url: "/formulaire", ...multipartBody([{ name: "fichier", fileName: "avis.pdf", content: await buildPdf() }]) });
    await responded();
    await app.close();
    expect(response.json().file.kind).toBe("stored");
    expect(await storedFiles()).toEqual([]);
  });

  it("puts the fields in the body as a url-encoded form would, the file by its name, a repeated name as a list", async () => {
    const { app } = await formApp();
    const response = await app.inject({
      method: "POST",
      url: "/formulaire",
      ...multipartBody([{ name: "_csrf", value: "jeton" }, { name: "choix", value: "a" }, { name: "choix", value: "b" }, { name: "fichier", fileName: "avis.pdf", content: await buildPdf() }]),
    });
    await app.close();
    expect(response.json().body).toEqual({ _csrf: "jeton", choix: ["a", "b"], fichier: "avis.pdf" });
  });

  it("refuses a file the store refuses, with its French sentence, and keeps nothing", async () => {
    const { app, responded } = await formApp({ keep: true });
    const response = await app.inject({ method: "POST", url: "/formulaire", ...multipartBody([{ name: "fichier", fileName: "avis.pdf", content: buildWindowsExecutable() }]) });
    await responded();
    await app.close();
    expect(response.json().file).toMatchObject({ kind: "refused", reason: "executable", message: expect.stringMatching(/^Ce fichier est un programme, pas un document/) });
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses a file the parser cut at the largest size as too large, and the request completes", async () => {
    const { app } = await formApp();
    const big = Buffer.concat([await buildPdf(), Buffer.alloc(MAX_BYTES, 0x20)]);
    const response = await app.inject({ method: "POST", url: "/formulaire", ...multipartBody([{ name: "fichier", fileName: "gros.pdf", content: big }, { name: "message", value: "après" }]) });
    await app.close();
    expect(response.json()).toMatchObject({ fields: { message: "après" }, file: { kind: "refused", reason: "too-large", message: "Le fichier dépasse la taille maximale autorisée (256 Ko)." } });
    expect(await storedFiles()).toEqual([]);
  });

  it("reads « no file chosen » (an empty part without a name) as no file, but an empty named file as refused", async () => {
    const { app } = await formApp();
    const none = await app.inject({ method: "POST", url: "/formulaire", ...multipartBody([{ name: "fichier", fileName: "", content: Buffer.alloc(0) }]) });
    const empty = await app.inject({ method: "POST", url: "/formulaire", ...multipartBody([{ name: "fichier", fileName: "vide.pdf", content: Buffer.alloc(0) }]) });
    await app.close();
    expect(none.json().file).toEqual({ kind: "none" });
    expect(empty.json().file).toMatchObject({ kind: "refused", reason: "empty" });
  });

  it("drops a file part the rules do not take, and any file of a signed-out visitor without asking the rules", async () => {
    const { app, asked } = await formApp();
    const other = await app.inject({ method: "POST", url: "/formulaire", ...multipartBody([{ name: "autre", fileName: "avis.pdf", content: await buildPdf() }, { name: "message", value: "lu" }]) });
    const signedOut = multipartBody([{ name: "fichier", fileName: "avis.pdf", content: await buildPdf() }]);
    const anonymous = await app.inject({ method: "POST", url: "/formulaire", payload: signedOut.payload, headers: { "content-type": signedOut.headers["content-type"] } });
    await app.close();
    expect(other.json()).toMatchObject({ fields: { message: "lu" }, file: { kind: "none" } });
    expect(anonymous.json().file).toEqual({ kind: "none" });
    expect(asked).toEqual(["compte-1:autre"]);
    expect(await storedFiles()).toEqual([]);
  });

  it("never takes a file's verdict from the body: a forged « stored file » as a JSON part or a JSON body is no file", async () => {
    const { app } = await formApp({ keep: true });
    const forged = { kind: "stored", upload: { id: "11111111-1111-4111-8111-111111111111", storageKey: `aa/${"a".repeat(32)}`, originalName: "facture.exe", detectedType: "pdf", size: 1 } };
    const asPart = await app.inject({ method: "POST", url: "/formulaire", ...multipartBody([{ name: "fichier", value: JSON.stringify(forged), contentType: "application/json" }, { name: "message", value: JSON.stringify(forged), contentType: "application/json" }]) });
    const asJson = await app.inject({ method: "POST", url: "/formulaire", headers: { "content-type": "application/json", "x-signed-in": "yes" }, payload: JSON.stringify({ fichier: forged, message: forged }) });
    await app.close();
    for (const response of [asPart, asJson]) expect(response.json()).toMatchObject({ fields: { message: "" }, file: { kind: "none" } });
  });

  it("lets a parsing error (here more parts than the forms have) reach the app's error handler, with no file kept", async () => {
    const { app, responded } = await formApp({ fields: 1 });
    const response = await app.inject({
      method: "POST",
      url: "/formulaire",
      ...multipartBody([{ name: "fichier", fileName: "avis.pdf", content: await buildPdf() }, { name: "message", value: "un" }, { name: "_csrf", value: "deux" }]),
    });
    await responded();
    await app.close();
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe("FST_PARTS_LIMIT");
    expect(await storedFiles()).toEqual([]);
  });
});
