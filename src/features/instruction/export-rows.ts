/**
 * Writing an export's file: its rows read page after page and written by the streaming writers.
 * On PostgreSQL a large export (the `request-export` job) runs in a worker thread with its own
 * connection and a small heap (export-worker.ts): the rows of a million-request export are
 * garbage the moment they are written, and the main thread's heap, sized for the whole portal,
 * collected them so late that the process grew past 300 MB; the worker's limit makes it collect
 * early, and the pages keep being served while the file is written. PGlite lives in the main
 * thread's memory, so there the export runs in the main thread. The worker loads only these
 * modules and what they import, not the application.
 */
import { Worker } from "node:worker_threads";
import type { Writable } from "node:stream";
import { findLatestDefinition } from "../../core/procedures/queries.ts";
import { cursorAfter, listExportRows, setRequestExportProgress, type ExportFilter, type ExportRow } from "../../core/requests/queries/export.ts";
import type { Db } from "../../platform/db/database.ts";
import type { RequestExportFormat } from "../../platform/db/schema.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { exportLayout, type Cell } from "./export-columns.ts";
import { writeExport } from "./export-writers.ts";

/** Rows read per keyset page: one page in memory at a time. */
export const EXPORT_PAGE_ROWS = 2_000;

/**
 * The requests of the filter, page after page (keyset), as rows of cells. The next page is asked
 * for as soon as the current one arrives, so that the database reads it while this process writes
 * the current one (at most two pages in memory): on a table whose rows are not stored in filing
 * order, each row is a page of the heap to read, and the file waited for every one of them.
 */
export async function* exportRows(db: Db, filter: ExportFilter, layout: ReturnType<typeof exportLayout>, onPage?: (rows: number) => Promise<void>) {
  let count = 0;
  let next: Promise<ExportRow[]> | null = listExportRows(db, filter, null, EXPORT_PAGE_ROWS);
  while (next) {
    const page: ExportRow[] = await next;
    const last = page.at(-1);
    next = last && page.length === EXPORT_PAGE_ROWS ? listExportRows(db, filter, cursorAfter(last), EXPORT_PAGE_ROWS) : null;
    // A failure of the page read ahead surfaces when it is awaited, not as an unhandled rejection meanwhile.
    next?.catch(() => {});
    for (const row of page) yield layout.row(row) as Cell[];
    count += page.length;
    if (onPage && next) await onPage(count);
  }
}

/** The columns of a procedure's export (its latest definition: field ids are stable across versions). */
export async function procedureLayout(db: Db, procedureId: string) {
  const latest = await findLatestDefinition(db, procedureId);
  if (!latest) throw new NotFoundError();
  return exportLayout(latest.definition);
}

/** What writing an export's file needs: plain data, as it crosses to the worker thread. */
export interface ExportFileInput {
  exportId: string;
  procedureId: string;
  filter: ExportFilter;
  format: RequestExportFormat;
  title: string;
  /** At most this many rows (bench:export measures a given number). */
  maxRows?: number;
}

/**
 * Writes the export's file into `out`, recording the rows written after each page; returns how
 * many rows it wrote.
 */
export async function writeExportRows(db: Db, input: ExportFileInput, out: Writable): Promise<number> {
  const layout = await procedureLayout(db, input.procedureId);
  let written = 0;
  const rows = exportRows(db, input.filter, layout, async (count) => setRequestExportProgress(db, input.exportId, count));
  const counted = (async function* () {
    for await (const row of rows) {
      if (input.maxRows !== undefined && written >= input.maxRows) return;
      written += 1;
      yield row;
    }
  })();
  await writeExport(input.format, layout.columns, counted, out, input.title);
  return written;
}

/**
 * The worker thread's heap: young and old generations. The worker holds two pages of rows and
 * the writers' buffers (a few megabytes); the rest is garbage to collect early.
 */
export const EXPORT_WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 64 };

/**
 * Writes the export's file at `filePath` in a worker thread connected to `databaseUrl`
 * (PostgreSQL); resolves with the rows written, rejects with the worker's error (an out-of-memory
 * included: the job's retries then apply).
 */
export function writeExportFileInWorker(input: ExportFileInput & { databaseUrl: string; filePath: string }): Promise<number> {
  // The compiled build runs .js files; the sources (development, tests) are .ts ones, which the
  // worker loads through tsx as the main thread does (Node's own type stripping refuses some of
  // the syntax they use).
  const fromSources = import.meta.url.endsWith(".ts");
  return new Promise((resolve, reject) => {
    let written: number | undefined;
    const worker = new Worker(new URL(`./export-worker${fromSources ? ".ts" : ".js"}`, import.meta.url), {
      workerData: input,
      resourceLimits: EXPORT_WORKER_LIMITS,
      execArgv: fromSources ? [...process.execArgv, "--import", "tsx"] : process.execArgv,
    });
    worker.once("message", (message: { written: number }) => {
      written = message.written;
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (written !== undefined && code === 0) resolve(written);
      else reject(new Error(`the export worker stopped with code ${code} before finishing`));
    });
  });
}
