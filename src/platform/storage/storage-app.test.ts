import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestBrowser } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";
import { buildPdf } from "../uploads/test-files.ts";
import { uploadsDirectory } from "../uploads/uploads.ts";
import { startS3TestServer } from "./s3-test-server.ts";

/** Posts a multipart form as a browser does (token first, then the fields in order). */
type Fields = Record<string, string | { name: string; content: Buffer }>;

async function postMultipart(t: TestApp, browser: TestBrowser, url: string, fields: Fields) {
  const boundary = "----guichet-storage-test";
  const parts: Buffer[] = [];
  const all: Fields = { _csrf: browser.csrfToken(), ...fields };
  for (const [name, value] of Object.entries(all)) {
    if (typeof value === "string") parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    else parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), value.content, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
  return await t.app.inject({ method: "POST", url, remoteAddress: browser.ip, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
}

let s3: Awaited<ReturnType<typeof startS3TestServer>>;
beforeAll(async () => {
  s3 = await startS3TestServer();
});
afterAll(async () => {
  await s3.close();
});

// The whole portal, as configured by its environment: a person's attachment goes to the store
// the configuration names, and the support agent downloads the same bytes.
describe.each(["disk", "s3"] as const)("the portal with its files on the %s", (kind) => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "guichet-storage-app-"));
    t = await createTestApp({ env: { DATA_DIR: dataDir, ...(kind === "s3" ? { S3_URL: s3.url } : {}) } });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps a question's attachment in that store and lets the support agent download it", async () => {
    const { account, browser } = await signedInAccount(t);
    await browser.get("/contact");
    const pdf = await buildPdf("Avis d'imposition 2025");
    const sent = await postMultipart(t, browser, "/contact", { sujet: "documents", numero: "", message: "Voici mon avis.", "piece-jointe": { name: "avis.pdf", content: pdf } });
    expect(sent.statusCode).toBe(303);
    const question = await t.deps.db.selectFrom("supportQuestions").select(["id", "uploadId"]).where("accountId", "=", account.id).executeTakeFirstOrThrow();
    const upload = await t.deps.db.selectFrom("uploads").select("storageKey").where("id", "=", question.uploadId!).executeTakeFirstOrThrow();

    const onDisk = (await readdir(uploadsDirectory(t.deps), { recursive: true, withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile()).map((entry) => entry.name);
    if (kind === "s3") {
      expect(await s3.keys()).toContain(`uploads/${upload.storageKey}`);
      expect(onDisk).toEqual([]);
    } else {
      expect(onDisk).toEqual([upload.storageKey.slice(3)]);
    }

    const { account: agent, browser: agentBrowser } = await signedInAccount(t, { role: "agent" });
    await t.deps.db.insertInto("supportAgents").values({ accountId: agent.id, grantedBy: null, grantedAt: new Date() }).execute();
    const download = await agentBrowser.get(`/support/questions/${question.id}/piece-jointe`);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.rawPayload.equals(pdf)).toBe(true);
  }, 60_000);
});
