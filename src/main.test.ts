import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GatedMailbox } from "../test/gated-mailbox.ts";
import { createServerDatabase } from "../test/database.ts";

// The real process, as `npm start` runs it (src/main.ts through tsx), on a database of its own:
// a new PGlite data directory, or a new database on the PostgreSQL server of DATABASE_URL.

const root = path.resolve(import.meta.dirname, "..");
const children = new Set<ChildProcess>();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "src/main.ts")], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: process.env.MAIN_TEST_LOG_LEVEL ?? "warn", DATABASE_URL: "", SMTP_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(() => children.delete(child));
  return { child, output: () => output, exited };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
});

describe("starting against a database that does not answer", () => {
  it("prints one French line naming DATABASE_URL and the address, without the password nor a stack trace, and exits 1", async () => {
    const port = await freePort();
    const started = startMain({ DATABASE_URL: `postgres://guichet:motdepassesecret@127.0.0.1:${port}/portail` });
    expect(await started.exited).toBe(1);
    const lines = started.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("DATABASE_URL");
    expect(lines[0]).toContain(`127.0.0.1:${port}`);
    expect(lines[0]).toContain("base portail");
    expect(lines[0]).toMatch(/^Impossible de joindre la base de données/);
    expect(started.output()).not.toContain("motdepassesecret");
    expect(started.output()).not.toMatch(/\n\s+at /);
  }, 60_000);
});

/** The describe's own database for its processes: a new PGlite data directory, or a new database on DATABASE_URL's server. */
function ownDatabase(name: string) {
  const own = { dataDir: "", databaseUrl: "", drop: async () => {} };
  beforeAll(async () => {
    own.dataDir = await mkdtemp(path.join(os.tmpdir(), "guichet-main-"));
    if (process.env.DATABASE_URL) {
      const database = await createServerDatabase(name);
      own.databaseUrl = database.url;
      own.drop = database.drop;
    }
  });
  afterAll(async () => {
    await rm(own.dataDir, { recursive: true, force: true });
    await own.drop();
  });
  return { env: () => ({ DATA_DIR: own.dataDir, DATABASE_URL: own.databaseUrl }) };
}

describe("a SIGTERM while a request is in flight", () => {
  const database = ownDatabase("guichet_test_main");
  let mailbox: GatedMailbox;
  beforeAll(async () => {
    mailbox = await GatedMailbox.start();
  });
  afterAll(() => mailbox.close());

  it("finishes the request, then exits 0", async () => {
    const port = await freePort();
    const started = startMain({ ...database.env(), SMTP_URL: mailbox.url, PORT: String(port) });
    await until(() => started.output().includes("est prêt"), 90_000, "the portal's start");
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    // /health asks the mail server for its greeting, which the mailbox holds: a request in flight.
    const greeting = mailbox.holdNextConnection();
    const slow = fetch(`${base}/health`);
    await greeting.arrived;
    started.child.kill("SIGTERM");
    // The process is stopping: a new connection is refused, a request on a kept-alive one gets 503.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = await fetch(`${base}/health/ready`).then((answer) => answer.status, () => "refused");
    expect(["refused", 503]).toContain(late);
    greeting.release();

    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok", mail: "ok", storage: "ok" });
    const code = await started.exited;
    expect(code, started.output()).toBe(0);
  }, 120_000);

  it("with SHUTDOWN_DELAY_MS, answers 503 to readiness at once yet keeps serving for the delay, then closes and exits 0", async () => {
    const port = await freePort();
    const delayMs = 2_500;
    const started = startMain({ ...database.env(), SMTP_URL: mailbox.url, PORT: String(port), SHUTDOWN_DELAY_MS: String(delayMs) });
    await until(() => started.output().includes("est prêt"), 90_000, "the portal's start");
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    const signalledAt = Date.now();
    started.child.kill("SIGTERM");
    // At once: not ready, on a new connection, which the process still accepts.
    await until(() => Date.now() - signalledAt > 150, 1_000, "a moment");
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "stopping" });
    // Pages are still served during the delay, each response closing its connection.
    const page = await fetch(`${base}/health/live`);
    expect(page.status).toBe(200);
    expect(page.headers.get("connection")).toBe("close");
    const during = await fetch(`${base}/connexion`);
    expect(during.status).toBe(200);
    expect(Date.now() - signalledAt).toBeLessThan(delayMs);

    // After the delay the process closes and exits 0; not before.
    const code = await started.exited;
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(delayMs);
    expect(code, started.output()).toBe(0);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  }, 120_000);
});

// The workers start after the server listens (a second later on the embedded database): the
// hourly validity job, queued at start, must still run.
describe("the job workers of a started process", () => {
  const database = ownDatabase("guichet_test_main_jobs");

  it("run the validity job queued at start", async () => {
    const port = await freePort();
    const token = "jeton-de-mesure-0123456789";
    const started = startMain({ ...database.env(), PORT: String(port), METRICS_TOKEN: token });
    await until(() => started.output().includes("est prêt"), 90_000, "the portal's start");
    const completed = async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
      return /guichet_jobs_total\{queue="request-validity",outcome="completed"\} [1-9]/.test(metrics);
    };
    await until(completed, 30_000, "the validity job's run");
    started.child.kill("SIGTERM");
    expect(await started.exited, started.output()).toBe(0);
  }, 120_000);
});
