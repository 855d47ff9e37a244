import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, type TestApp } from "../../../test/app.ts";
import { logInAs } from "../../../test/builders.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent } from "../../../test/instruction.ts";
import { startS3TestServer } from "../../platform/storage/s3-test-server.ts";

/**
 * With S3_URL, a job's export is kept in the bucket, not on the disk of the process that wrote it:
 * behind a load balancer, the process that serves the download may be another one.
 */
describe("a large export kept in S3-compatible object storage", () => {
  let s3: Awaited<ReturnType<typeof startS3TestServer>>;
  let t: TestApp;
  let dataDir: string;
  const exportPath = "/instruction/aide-associations/export";

  beforeAll(async () => {
    s3 = await startS3TestServer();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "guichet-exports-s3-"));
    t = await createTestApp({ env: { DATA_DIR: dataDir, S3_URL: s3.url } });
    const { aid } = await loadTestProcedures(t.deps);
    for (const day of [2, 3, 4]) await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: new Date(Date.UTC(2026, 1, day, 9)), answers: AID_ANSWERS });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await s3.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("writes the file into the bucket, downloads it from there and deletes it there when its time is over", async () => {
    const { agent, browser } = await signedInAidAgent(t);
    await browser.get(exportPath);
    process.env.EXPORT_DIRECT_MAX_ROWS = "0";
    let statusUrl: string;
    try {
      const response = await browser.post(exportPath, { format: "csv", statut: "toutes", recherche: "" });
      expect(response.statusCode).toBe(303);
      statusUrl = response.headers.location as string;
    } finally {
      delete process.env.EXPORT_DIRECT_MAX_ROWS;
    }
    expect(await runWaitingJobs(t, "request-export")).toBe(1);

    const { storageKey } = await t.deps.db.selectFrom("requestExports").select("storageKey").where("authorId", "=", agent.id).executeTakeFirstOrThrow();
    expect(await s3.keys()).toContain(`exports/${storageKey}`);
    // The local copy the job wrote was handed over: nothing stays on this process's disk.
    expect(await readdir(path.join(dataDir, "exports"))).toEqual([]);

    const file = await browser.get(`${statusUrl}/fichier`);
    expect(file.statusCode).toBe(200);
    expect(Number(file.headers["content-length"])).toBe(file.rawPayload.length);
    const rows: string[][] = parse(file.rawPayload, { delimiter: ";", bom: true });
    expect(rows).toHaveLength(4);

    t.clock.advance(7 * 24 * 60 * 60 * 1000 + 1000);
    await t.deps.jobs.enqueue("request-export-purge", {});
    expect(await runWaitingJobs(t, "request-export-purge")).toBe(1);
    expect(await s3.keys()).not.toContain(`exports/${storageKey}`);
    await logInAs(browser, agent);
    expect((await browser.get(`${statusUrl}/fichier`)).statusCode).toBe(404);
  });
});
