import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures } from "../../../test/instruction.ts";
import { DEFAULT_SORT, INSTRUCTION_STATUSES } from "../../core/requests/queries/agents.ts";
import { insertRequestExport } from "../../core/requests/queries/export.ts";
import { writeExportFileInWorker, writeExportRows, type ExportFileInput } from "./export-rows.ts";

/**
 * A large export's file is written in a worker thread on PostgreSQL (export-rows.ts): the same
 * bytes as in the main thread, and its failure reported to the job (the job's retries and its
 * « échec » are tested through the real queue in export-failure.test.ts, which runs it too). PGlite has no worker (the database lives in the main thread).
 */
describe("an export's file written in a worker thread", () => {
  let t: TestApp;
  let folder: string;
  let input: ExportFileInput;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "guichet-export-rows-"));
    t = await createTestApp({ env: { DATA_DIR: folder } });
    const { aid } = await loadTestProcedures(t.deps);
    for (const day of [1, 2, 3, 4, 5]) await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: new Date(Date.UTC(2026, 1, day, 9)), answers: AID_ANSWERS });
    const author = await t.deps.db.selectFrom("accounts").select("id").limit(1).executeTakeFirstOrThrow();
    const { id } = await insertRequestExport(t.deps.db, {
      procedureId: aid.id,
      authorId: author.id,
      format: "csv",
      statusFilter: "toutes",
      search: "",
      agentFilter: "",
      askFilter: "",
      sortOrder: "",
      since: null,
      status: "running",
      rowsExpected: 5,
      createdAt: t.clock.now(),
    });
    const filter = { procedureId: aid.id, viewerId: author.id, statuses: INSTRUCTION_STATUSES, search: { kind: "none" as const }, assignment: { kind: "anyone" as const }, asks: "any" as const, sort: DEFAULT_SORT, since: null };
    input = { exportId: id, procedureId: aid.id, filter, format: "csv", title: "Aide aux associations" };
  });
  afterAll(async () => {
    await t.close();
    await rm(folder, { recursive: true, force: true });
  });

  it.runIf(process.env.DATABASE_URL)("writes the same file as the main thread, through its own connection", async () => {
    const databaseUrl = t.deps.databaseUrl;
    expect(databaseUrl).toMatch(/^postgres/);
    const inMain = path.join(folder, "main.csv");
    const inWorker = path.join(folder, "worker.csv");
    expect(await writeExportRows(t.deps.db, input, createWriteStream(inMain))).toBe(5);
    expect(await writeExportFileInWorker({ ...input, databaseUrl: databaseUrl!, filePath: inWorker, maxRows: 4 })).toBe(4);
    const [main, worker] = [await readFile(inMain, "utf8"), await readFile(inWorker, "utf8")];
    // The header and the first four requests, byte for byte.
    expect(worker.split("\r\n").length).toBe(6);
    expect(main.startsWith(worker.trimEnd())).toBe(true);
  });

  it.runIf(process.env.DATABASE_URL)("rejects with the worker's error when the file cannot be written", async () => {
    const filePath = path.join(folder, "no-such-folder", "export.csv");
    await expect(writeExportFileInWorker({ ...input, databaseUrl: t.deps.databaseUrl!, filePath })).rejects.toThrow(/ENOENT/);
  });

  it("has no worker on PGlite: the database lives in the main thread", () => {
    expect(t.deps.databaseUrl === undefined).toBe(process.env.DATABASE_URL === undefined);
  });
});
