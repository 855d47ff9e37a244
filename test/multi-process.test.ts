import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../src/platform/config.ts";
import { openDatabase, type DatabaseHandle } from "../src/platform/db/database.ts";
import { prepareDatabase } from "../src/platform/cluster.ts";
import { closeObjectStorage } from "../src/platform/storage/object-storage.ts";
import { startS3TestServer } from "../src/platform/storage/s3-test-server.ts";
import { buildPdf } from "../src/platform/uploads/test-files.ts";
import { openUpload } from "../src/platform/uploads/uploads.ts";
import { buildAccount } from "./builders.ts";
import { GatedMailbox } from "./gated-mailbox.ts";
import { ThrowawayPostgres, throwawayPostgresMissing } from "./throwaway-postgres.ts";

// Two real processes of the portal (`src/main.ts`, as `npm start` runs it) on one PostgreSQL of
// this test's own, their files in one S3 server, their mails to one SMTP server, behind a small
// round-robin proxy. A bounded load of logins, questions with an attachment (each one filing,
// one upload and one mail) goes through the proxy while the test restarts PostgreSQL, then kills
// one process with SIGKILL. Run once, on the PostgreSQL pass of the suite (DATABASE_URL set).
const skipReason = !process.env.DATABASE_URL
  ? "the embedded database opens in one process only: run with DATABASE_URL"
  : throwawayPostgresMissing;
if (skipReason) console.warn(`test/multi-process.test.ts skipped: ${skipReason}.`);

const ROOT = path.resolve(import.meta.dirname, "..");
const STARTUP_MS = 240_000;

interface Portal {
  child: ChildProcess;
  port: number;
  output: string[];
}

let postgres: ThrowawayPostgres;
let s3: Awaited<ReturnType<typeof startS3TestServer>>;
let mailbox: GatedMailbox;
let database: DatabaseHandle;
let portals: Portal[] = [];
let proxy: http.Server;
let proxyUrl: string;
const dataDirs: string[] = [];
let drives = 0;

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function startPortal(): Promise<Portal> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), "guichet-multi-"));
  dataDirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: postgres.url,
    SMTP_URL: mailbox.url,
    S3_URL: s3.url,
    RATE_LIMIT_PER_MINUTE: "100000",
    // Behind the proxy: each person's address comes from X-Forwarded-For, so the per-address
    // throttles (questions per hour) count people, not the proxy.
    TRUST_PROXY: "true",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  return { child, port, output };
}

async function waitUntilServing(portal: Portal) {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (portal.child.exitCode !== null) throw new Error(`the portal stopped: ${portal.output.join("")}`);
    const status = await fetch(`http://127.0.0.1:${portal.port}/health`).then((response) => response.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the portal did not answer within ${STARTUP_MS} ms: ${portal.output.join("")}`);
}

/**
 * Round robin over the portals, as a reverse proxy does; a portal that refuses the connection
 * (killed) is skipped. A request cut after it was sent is answered 502, never retried: it may
 * have been done, and only the client knows whether to try again.
 */
async function startProxy(): Promise<void> {
  let next = 0;
  proxy = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number) => {
        const portal = portals[next++ % portals.length]!;
        // A new connection per request (agent: false): a kept-alive socket to the killed process
        // would fail with a reset instead of a refusal, and the request would not go to the other.
        const upstream = http.request({ host: "127.0.0.1", port: portal.port, method: request.method, path: request.url, headers: request.headers, agent: false }, (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          answer.on("error", () => response.destroy());
        });
        upstream.on("error", (error: NodeJS.ErrnoException) => {
          if (error.code === "ECONNREFUSED" && tries < portals.length) return attempt(tries + 1);
          if (!response.headersSent) response.writeHead(502).end();
          else response.destroy();
        });
        upstream.end(body);
      };
      attempt(1);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

/** A browser over real HTTP: cookies kept, the CSRF token read from the last page. */
class HttpBrowser {
  private cookies = new Map<string, string>();
  private lastPage = "";

  constructor(private readonly ip: string) {}

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, ...value] = pair!.split("=");
      this.cookies.set(name!.trim(), value.join("="));
    }
  }

  private headers() {
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "), "x-forwarded-for": this.ip };
  }

  async get(url: string): Promise<number> {
    const response = await fetch(proxyUrl + url, { headers: this.headers(), redirect: "manual" });
    this.remember(response);
    this.lastPage = await response.text();
    return response.status;
  }

  async post(url: string, fields: Record<string, string | { name: string; content: Buffer }>): Promise<{ status: number; location: string | null }> {
    const token = /name="_csrf" value="([^"]+)"/.exec(this.lastPage)?.[1] ?? "";
    const body = new FormData();
    body.append("_csrf", token);
    const multipart = Object.values(fields).some((value) => typeof value !== "string");
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value === "string") body.append(name, value);
      else body.append(name, new Blob([new Uint8Array(value.content)]), value.name);
    }
    const response = await fetch(proxyUrl + url, {
      method: "POST",
      headers: this.headers(),
      body: multipart ? body : new URLSearchParams([...body.entries()].map(([name, value]) => [name, String(value)])),
      redirect: "manual",
    });
    this.remember(response);
    this.lastPage = await response.text();
    return { status: response.status, location: response.headers.get("location") };
  }
}

interface Acknowledged {
  email: string;
  reference: string;
  sha256: string;
}

/**
 * `people` people log in and each send `questions` questions with a PDF through the proxy.
 * Returns the questions the portal acknowledged (a 303 to « Votre question a bien été
 * envoyée »); a refused or cut request is left unacknowledged, and the person goes on.
 * `during` runs once `trigger` questions are acknowledged.
 */
async function drive(people: number, questions: number, trigger: number, during: () => Promise<void>): Promise<{ acknowledged: Acknowledged[]; failed: number }> {
  const acknowledged: Acknowledged[] = [];
  let failed = 0;
  let fired: Promise<void> | undefined;
  const accounts = await Promise.all(Array.from({ length: people }, () => buildAccount(database.db)));
  await Promise.all(
    accounts.map(async (account, person) => {
      const browser = new HttpBrowser(`10.${++drives}.0.${person + 1}`);
      for (let tries = 0; ; tries++) {
        const login = await browser.get("/connexion").then(() => browser.post("/connexion", { login: account.identifier, password: account.password }), () => ({ status: 0, location: null }));
        if (login.status === 303 && login.location !== "/connexion") break;
        if (tries > 20) throw new Error(`${account.identifier} could not log in (${login.status})`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      for (let index = 0; index < questions; index++) {
        const content = await buildPdf(`Question ${index} de la personne ${person}`);
        // As a person would, a question that failed (a 502 while a process died) is sent again,
        // twice at most; one whose answer was lost after its commit may then be stored twice.
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            if ((await browser.get("/contact")) !== 200) throw new Error("no form");
            const sent = await browser.post("/contact", { sujet: "documents", numero: "", message: `Question ${index}`, "piece-jointe": { name: "avis.pdf", content } });
            const reference = sent.status === 303 ? /reference=([^&]+)/.exec(sent.location ?? "")?.[1] : undefined;
            if (!reference) throw new Error(`answered ${sent.status}`);
            acknowledged.push({ email: account.email, reference: decodeURIComponent(reference), sha256: createHash("sha256").update(content).digest("hex") });
            if (acknowledged.length === trigger) fired = during();
            break;
          } catch {
            failed++;
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
        }
      }
    }),
  );
  await fired;
  return { acknowledged, failed };
}

/** Every acknowledged question is stored with its file, readable from the bucket, and mailed exactly once. */
async function expectAllKept(acknowledged: Acknowledged[]) {
  const storage = { config: readConfig({ NODE_ENV: "test", DATA_DIR: dataDirs[0]!, S3_URL: s3.url }) };
  try {
    for (const ack of acknowledged) {
      const question = await database.db.selectFrom("supportQuestions").select(["uploadId", "email"]).where("reference", "=", ack.reference).executeTakeFirst();
      expect(question, ack.reference).toMatchObject({ email: ack.email });
      const upload = await database.db.selectFrom("uploads").select(["storageKey", "sha256"]).where("id", "=", question!.uploadId!).executeTakeFirstOrThrow();
      expect(upload.sha256).toBe(ack.sha256);
      const { stream } = await openUpload(storage, upload);
      expect(createHash("sha256").update(Buffer.concat(await stream.toArray())).digest("hex")).toBe(ack.sha256);
    }
  } finally {
    closeObjectStorage(storage.config);
  }
  // Every question stored (acknowledged or not: a reply may be lost after the commit) is mailed once.
  const stored = await database.db.selectFrom("supportQuestions").select("reference").execute();
  // The portal adds its name after the subject: « … (Q-AB12-CD34) - Guichet ».
  const subjects = stored.map((row) => `Nous avons bien reçu votre question (${row.reference}) - Guichet`);
  const deadline = Date.now() + 180_000;
  while (subjects.some((subject) => !mailbox.accepted.includes(subject)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
  const missing = subjects.filter((subject) => !mailbox.accepted.includes(subject));
  if (missing.length > 0) {
    const rows = await database.db.selectFrom("mails").select(["subject", "sentAt", "attempts", "lastError"]).execute();
    expect({ missing, accepted: mailbox.accepted, rows }, "mails never accepted by the SMTP server").toEqual({});
  }
  for (const subject of subjects) expect(mailbox.accepted.filter((accepted) => accepted === subject), subject).toHaveLength(1);
}

describe.skipIf(skipReason !== undefined)("two processes of the portal behind a proxy", () => {
  beforeAll(async () => {
    postgres = await ThrowawayPostgres.start();
    s3 = await startS3TestServer();
    mailbox = await GatedMailbox.start();
    // As the primary of WORKERS=N does: migrations and job queues once, then the processes.
    await prepareDatabase(postgres.url);
    database = await openDatabase({ databaseUrl: postgres.url, log: pino({ level: "silent" }) });
    portals = [await startPortal(), await startPortal()];
    await Promise.all(portals.map(waitUntilServing));
    await startProxy();
  }, STARTUP_MS + 60_000);

  afterAll(async () => {
    if (process.env.MULTI_PROCESS_LOG) for (const [index, portal] of portals.entries()) await writeFile(`${process.env.MULTI_PROCESS_LOG}-${index}.log`, portal.output.join(""));
    for (const portal of portals) portal.child.kill("SIGKILL");
    proxy?.close();
    await database?.close();
    await mailbox?.close();
    await s3?.close();
    await postgres?.destroy();
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it("keeps serving when PostgreSQL restarts under load: both processes recover without a restart, nothing acknowledged is lost", async () => {
    const { acknowledged } = await drive(4, 4, 4, () => postgres.restart());
    expect(acknowledged.length).toBeGreaterThanOrEqual(4);
    // Both processes answer again, each on its own port.
    for (const portal of portals) expect((await fetch(`http://127.0.0.1:${portal.port}/health`)).status).toBe(200);
    await expectAllKept(acknowledged);
  }, 420_000);

  it("loses nothing acknowledged when one process is killed (SIGKILL) mid-load, and sends every mail once", async () => {
    const killed = portals[0]!;
    expect(killed.child.exitCode, "the process to kill is still running").toBeNull();
    let exit: unknown[] = [];
    const { acknowledged } = await drive(6, 4, 6, async () => {
      const exited = once(killed.child, "exit");
      killed.child.kill("SIGKILL");
      exit = await exited;
    });
    expect(exit).toEqual([null, "SIGKILL"]);
    // The other process took the rest: the sessions opened on the killed one went on working.
    // A question that failed while the process died went through on the other when sent again.
    expect(acknowledged.length).toBeGreaterThanOrEqual(6 * 4 - 6);
    await expectAllKept(acknowledged);
  }, 420_000);
});
