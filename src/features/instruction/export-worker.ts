/**
 * The worker thread that writes a large export's file (see export-rows.ts): its own PostgreSQL
 * connection, the same reading and writing as the main thread, and its count of rows sent back.
 */
import { createWriteStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../platform/db/database.ts";
import { writeExportRows, type ExportFileInput } from "./export-rows.ts";

const input = workerData as ExportFileInput & { databaseUrl: string; filePath: string };
const handle = await openDatabase({ databaseUrl: input.databaseUrl });
try {
  const written = await writeExportRows(handle.db, input, createWriteStream(input.filePath, { mode: 0o600 }));
  parentPort?.postMessage({ written });
} finally {
  await handle.close();
}
