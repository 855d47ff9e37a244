import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent } from "../../../test/instruction.ts";
import { detachAgent } from "./detach-agent.ts";
import { insertRequestExport } from "../../core/requests/queries/export.ts";
import { EXPORT_JOB_ATTEMPTS } from "./export-requests.ts";

/**
 * A large export whose job fails (issue 15): the real job queue (pg-boss) and its workers run the
 * `request-export` job, retried with delays cut to a second, and the storage really refuses the
 * file (the exports' folder is a plain file). The last attempt marks the export failed: its author
 * reads « L'export a échoué » and starts it again with the same filters.
 */
describe("an export whose job fails", () => {
  let t: TestApp;
  let dataDir: string;
  let browser: TestBrowser;
  const exportPath = "/instruction/aide-associations/export";

  beforeAll(async () => {
    process.env.EXPORT_DIRECT_MAX_ROWS = "1";
    dataDir = await mkdtemp(path.join(os.tmpdir(), "guichet-export-failure-"));
    t = await createTestApp({ env: { DATA_DIR: dataDir }, workers: true, jobs: { retryDelaySeconds: 1 } });
    const { aid } = await loadTestProcedures(t.deps);
    ({ browser } = await signedInAidAgent(t));
    for (const day of [1, 2, 3]) await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: new Date(Date.UTC(2026, 1, day, 9)), answers: AID_ANSWERS });
  });
  afterAll(async () => {
    delete process.env.EXPORT_DIRECT_MAX_ROWS;
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The export's row once the workers left it in one of `statuses` (polled: the queue runs on its own). */
  async function settled(exportId: string, statuses: string[], seconds = 60) {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const row = await t.deps.db.selectFrom("requestExports").select(["status", "attempts", "rowsWritten"]).where("id", "=", exportId).executeTakeFirstOrThrow();
      if (statuses.includes(row.status) || Date.now() > deadline) return row;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it("marks the export failed after its last retry when the file cannot be written, then starts it again with the same filters", async () => {
    // The storage refuses every write: `<DATA_DIR>/exports` is a file, not a folder.
    await writeFile(path.join(dataDir, "exports"), "pas un dossier");
    await browser.get(`${exportPath}?agent=moi&tri=depot-decroissant`);
    const response = await browser.post(exportPath, { format: "ods", statut: "toutes", agent: "", echange: "", tri: "depot-decroissant", recherche: "" });
    expect(response.statusCode).toBe(303);
    const statusUrl = response.headers.location as string;
    const exportId = statusUrl.split("/").at(-1) ?? "";

    const failed = await settled(exportId, ["failed", "ready"]);
    expect(failed).toMatchObject({ status: "failed", attempts: EXPORT_JOB_ATTEMPTS });
    const page = await browser.get(statusUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>L&#39;export a échoué</h1>");
    expect(page.body).not.toContain("Export en préparation");
    expect(page.body).toContain("Relancer l&#39;export");
    expect(page.body).toContain('name="tri" value="depot-decroissant"');
    expect(page.body).toContain('name="format" value="ods"');

    // The storage is back: « Relancer l'export » posts the same filters and format again.
    await rm(path.join(dataDir, "exports"));
    const again = await browser.post(exportPath, { format: "ods", statut: "toutes", agent: "", echange: "", tri: "depot-decroissant", recherche: "", depuis: "" });
    expect(again.statusCode).toBe(303);
    const secondId = (again.headers.location as string).split("/").at(-1) ?? "";
    expect(secondId).not.toBe(exportId);
    expect(await settled(secondId, ["failed", "ready"])).toMatchObject({ status: "ready", attempts: 1, rowsWritten: 3 });
    expect((await browser.get(`${again.headers.location as string}/fichier`)).statusCode).toBe(200);
    expect(await t.deps.db.selectFrom("requestExports").select("sortOrder").where("id", "=", secondId).executeTakeFirstOrThrow()).toEqual({ sortOrder: "depot-decroissant" });
  });

  it("marks it failed at the first attempt when retrying cannot help: its author no longer instructs the procedure", async () => {
    const { agent } = await signedInAidAgent(t);
    const procedure = await t.deps.db.selectFrom("procedures").select("id").where("slug", "=", "aide-associations").executeTakeFirstOrThrow();
    const { id } = await insertRequestExport(t.deps.db, { procedureId: procedure.id, authorId: agent.id, format: "csv", statusFilter: "toutes", search: "", since: null, status: "queued", rowsExpected: 3, createdAt: t.clock.now() });
    await detachAgent(t.deps, { agentId: agent.id, procedureSlug: "aide-associations" }, { actorId: null });
    await t.deps.jobs.enqueue("request-export", { exportId: id });
    expect(await settled(id, ["failed", "ready"])).toMatchObject({ status: "failed", attempts: 1 });
  });
});
