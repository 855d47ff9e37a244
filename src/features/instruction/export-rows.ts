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
import { cursorAfter, listExportRows, setRequestExportProgress, type ExportCursor, type ExportFilter, type ExportRow } from "../../core/requests/queries/export.ts";
import type { Db } from "../../platform/db/database.ts";
import type { RequestExportFormat } from "../../platform/db/schema.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { exportLayout, type Cell } from "./export-columns.ts";
import { writeExport } from "./export-writers.ts";

/** Rows read per keyset page: one page in memory at a time. */
export const EXPORT_PAGE_ROWS = 2_000;

/**
 * Pages read ahead of the one being written, so that the database keeps reading while this
 * process writes. Measured on a million requests (bench:export): XLSX and ODS, whose rows take
 * longer to write, gained with two pages ahead (XLSX 60 → 54 s); CSV lost (57 → 72 s: its
 * text, ten times larger, already fills the worker's small heap, and a third page in it made the
 * collector run more often), so CSV reads one page ahead.
 */
function pagesAhead(format: RequestExportFormat): number {
  return format === "csv" ? 1 : 2;
}

/**
 * The requests of the filter, page after page (keyset), as rows of cells. Each page is asked for
 * as soon as the previous one arrives, up to `ahead` pages ahead of the one being written (see
 * pagesAhead): on a table whose rows are not stored in filing order, each row is a page of the
 * heap to read, and the file waited for every one of them.
 */
export async function* exportRows(db: Db, filter: ExportFilter, layout: ReturnType<typeof exportLayout>, onPage?: (rows: number) => Promise<void>, ahead = 1) {
  let cursor: ExportCursor = null;
  let finished = false;
  let previous: Promise<unknown> = Promise.resolve();
  const pages: Promise<ExportRow[]>[] = [];
  const readNext = () => {
    // Keyset pages are read one after the other: each starts where the previous one ended.
    const page = previous.then(async () => {
      if (finished) return [];
      const rows = await listExportRows(db, filter, cursor, EXPORT_PAGE_ROWS);
      const last = rows.at(-1);
      if (last && rows.length === EXPORT_PAGE_ROWS) cursor = cursorAfter(last);
      else finished = true;
      return rows;
    });
    // A failure of a page read ahead surfaces when it is awaited, not as an unhandled rejection meanwhile.
    page.catch(() => {});
    previous = page;
    pages.push(page);
  };
  let count = 0;
  for (;;) {
    while (pages.length < ahead + 1) readNext();
    const page = await (pages.shift() as Promise<ExportRow[]>);
    for (const row of page) yield layout.row(row) as Cell[];
    count += page.length;
    if (page.length < EXPORT_PAGE_ROWS) return;
    if (onPage && !finished) await onPage(count);
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
  const rows = exportRows(db, input.filter, layout, async (count) => setRequestExportProgress(db, input.exportId, count), pagesAhead(input.format));
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
 * the writers' buffers (a few megabytes); the rest is garbage to collect early. Measured on an
 * ODS export of a million requests (bench:export, 6 December 2026): an old generation of 96 MB
 * instead of 64 MB took the export's processor time from 63 to 56 s (fewer full collections) for
 * the same peak memory (259–273 MB; 128 MB gained nothing more). The young generation between 8
 * and 24 MB changed nothing; from 32 MB the export took three times as long: each scavenge needs
 * room in the old generation for what it promotes, and with too little it ran full collections.
 */
export const EXPORT_WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 96 };

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
