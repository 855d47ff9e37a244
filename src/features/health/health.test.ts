import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { GatedMailbox } from "../../../test/gated-mailbox.ts";
import { buildApp } from "../../app.ts";
import { readConfig } from "../../platform/config.ts";
import { startS3TestServer } from "../../platform/storage/s3-test-server.ts";
import { markReady } from "./routes.ts";

const METRICS_TOKEN = "jeton-de-test-des-metriques-0123";

/** A port nobody listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let dataDir: string;
let mailbox: GatedMailbox;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "guichet-health-"));
  mailbox = await GatedMailbox.start();
});
afterAll(async () => {
  await mailbox.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("/health", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { DATA_DIR: dataDir, SMTP_URL: mailbox.url, METRICS_TOKEN } });
  });
  afterAll(() => t.close());

  it("reports the database, the mail server and the storage separately, 200 when all answer, never cached", async () => {
    const response = await t.app.inject("/health");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", database: "ok", mail: "ok", storage: "ok" });
    expect(response.headers["content-type"]).toContain("application/json");
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("answers 503 degraded when the database does not respond", async () => {
    // The whole application over the same deps, except a ping that reports the database down.
    const app = await buildApp({ ...t.deps, pingDatabase: async () => false }, { logger: false });
    const response = await app.inject("/health");
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: "degraded", database: "unavailable", storage: "ok" });
    expect(response.headers["cache-control"]).toBe("no-store");
    await app.close();
  });

  it("stays 200 but says degraded when only the mail server does not answer (the queue keeps the mails)", async () => {
    const config = { ...t.deps.config, smtpUrl: `smtp://127.0.0.1:${await closedPort()}` };
    const app = await buildApp({ ...t.deps, config }, { logger: false });
    const response = await app.inject("/health");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "degraded", database: "ok", mail: "unavailable", storage: "ok" });
    await app.close();
  });

  it("answers 503 when the storage directory cannot be written", async () => {
    const file = path.join(dataDir, "not-a-directory");
    await writeFile(file, "");
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, dataDir: file } }, { logger: false });
    const response = await app.inject("/health");
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: "degraded", storage: "unavailable" });
    await app.close();
  });

  it("checks the S3 bucket when S3_URL is set: ok while it answers, 503 once it is gone", async () => {
    const s3 = await startS3TestServer();
    const objectStorage = readConfig({ NODE_ENV: "test", S3_URL: s3.url }).objectStorage;
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, objectStorage } }, { logger: false });
    try {
      expect((await app.inject("/health")).json()).toMatchObject({ storage: "ok" });
      await s3.close();
      const response = await app.inject("/health");
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: "degraded", storage: "unavailable" });
    } finally {
      await app.close();
      await s3.close().catch(() => undefined);
    }
  }, 30_000);

  it("says the mail server is not configured when SMTP_URL is unset (development mailbox)", async () => {
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, smtpUrl: undefined } }, { logger: false });
    expect((await app.inject("/health")).json()).toMatchObject({ status: "ok", mail: "not-configured" });
    await app.close();
  });
});

describe("/health/ready and /health/live", () => {
  it("says not ready while starting and ready once marked; alive throughout (shutdown: src/main.test.ts)", async () => {
    const t = await createTestApp({ env: { DATA_DIR: dataDir } });
    try {
      const starting = await t.app.inject("/health/ready");
      expect([starting.statusCode, starting.json()]).toEqual([503, { status: "starting" }]);
      expect((await t.app.inject("/health/live")).statusCode).toBe(200);
      markReady(t.app);
      const ready = await t.app.inject("/health/ready");
      expect([ready.statusCode, ready.json()]).toEqual([200, { status: "ready" }]);
      expect(ready.headers["cache-control"]).toBe("no-store");
    } finally {
      await t.close();
    }
  });

  it("says not ready when the database stops answering", async () => {
    const t = await createTestApp({ env: { DATA_DIR: dataDir } });
    try {
      const app = await buildApp({ ...t.deps, pingDatabase: async () => false }, { logger: false });
      markReady(app);
      const response = await app.inject("/health/ready");
      expect([response.statusCode, response.json()]).toEqual([503, { status: "unavailable", database: "unavailable" }]);
      await app.close();
    } finally {
      await t.close();
    }
  });
});

describe("/metrics", () => {
  it("does not exist without METRICS_TOKEN", async () => {
    const t = await createTestApp({ env: { DATA_DIR: dataDir } });
    try {
      expect((await t.app.inject("/metrics")).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  describe("with METRICS_TOKEN", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { DATA_DIR: dataDir, SMTP_URL: mailbox.url, METRICS_TOKEN } });
    });
    afterAll(() => t.close());

    const scrape = async () => {
      const response = await t.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.statusCode).toBe(200);
      return response.body;
    };
    /** The value of one sample (0 when absent), e.g. `guichet_logins_total{outcome="failure"}`. */
    const sample = (text: string, series: string) => {
      const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
      return line ? Number(line.slice(series.length + 1)) : 0;
    };

    it("refuses a scraper without the token or with another one (401)", async () => {
      expect((await t.app.inject("/metrics")).statusCode).toBe(401);
      const wrong = await t.app.inject({ url: "/metrics", headers: { authorization: "Bearer un-autre-jeton-de-seize-car" } });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.headers["www-authenticate"]).toContain("Bearer");
    });

    it("counts requests by route pattern and status, with their latencies", async () => {
      const before = await scrape();
      const series = 'guichet_http_requests_total{method="GET",route="/health/live",status="200"}';
      await t.app.inject("/health/live");
      await t.app.inject("/health/live");
      const after = await scrape();
      expect(sample(after, series) - sample(before, series)).toBe(2);
      expect(after).toContain('guichet_http_request_duration_seconds_bucket{le="0.05",method="GET",route="/health/live"}');
      // An address no route serves is counted under one label, not under each address typed.
      await t.app.inject("/nulle-part-12345");
      expect(await scrape()).toContain('route="unmatched",status="404"');
    });

    it("counts logins that succeed and fail", async () => {
      const account = await buildAccount(t.deps.db);
      const before = await scrape();
      const browser = new TestBrowser(t.app);
      await browser.get("/connexion");
      await browser.post("/connexion", { login: account.identifier, password: "pas le bon mot de passe" });
      await logInAs(new TestBrowser(t.app), account);
      const after = await scrape();
      expect(sample(after, 'guichet_logins_total{outcome="failure"}') - sample(before, 'guichet_logins_total{outcome="failure"}')).toBe(1);
      expect(sample(after, 'guichet_logins_total{outcome="success"}') - sample(before, 'guichet_logins_total{outcome="success"}')).toBe(1);
    });

    it("counts mails sent and refused by the SMTP server", async () => {
      const before = await scrape();
      await t.deps.mailer.queue(t.deps.db, "camille@example.fr", { subject: "Compté", text: "Bonjour", html: "<p>Bonjour</p>" });
      await runWaitingJobs(t, "send-mail");
      const refused = mailbox.holdNextMessage();
      await t.deps.mailer.queue(t.deps.db, "camille@example.fr", { subject: "Refusé", text: "Bonjour", html: "<p>Bonjour</p>" });
      const run = runWaitingJobs(t, "send-mail");
      await refused.arrived;
      refused.release(new Error("boîte pleine"));
      await expect(run).rejects.toThrow();
      const after = await scrape();
      expect(sample(after, 'guichet_mails_total{outcome="sent"}') - sample(before, 'guichet_mails_total{outcome="sent"}')).toBe(1);
      expect(sample(after, 'guichet_mails_total{outcome="failed"}') - sample(before, 'guichet_mails_total{outcome="failed"}')).toBe(1);
    });
  });
});
