/**
 * The worker thread that writes a large export's file (see export-rows.ts): its own PostgreSQL
 * connection, the same reading and writing as the main thread, and its count of rows sent back.
 */
import { createWriteStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../platform/db/database.ts";
import { writeExportRows, type ExportFileInput } from "./export-rows.ts";

const input = workerData as ExportFileInput & { databaseUrl: string; filePath: string };
// Its pages are short index ranges read one after the other: parallel workers would only compete
// for the processors with this thread (each page launched two on this 2-core machine).
const handle = await openDatabase({ databaseUrl: input.databaseUrl, settings: { max_parallel_workers_per_gather: "0" } });
try {
  const written = await writeExportRows(handle.db, input, createWriteStream(input.filePath, { mode: 0o600 }));
  parentPort?.postMessage({ written });
} finally {
  await handle.close();
}
