/**
 * `npm run bench:export`: exports `--rows` requests (1 000 000 by default) of the procedure that
 * holds the most, through the very functions of the agents' export (keyset pages of
 * `listExportRows`, `exportLayout`, the streaming writers), to a file in a temporary folder, and
 * prints the rows per second and the peak resident memory of the process. Target (issue 15):
 * under 60 s and under 300 MB for a million rows.
 *
 * The data set is bench:data's (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/guichet_bench):
 * when the database holds no bench data yet, it is generated with enough requests for `--rows`
 * (the housing procedure gets about half of them filed), or with `--accounts` / `--requests`.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { DEFAULT_SORT, INSTRUCTION_STATUSES } from "../src/core/requests/queries/agents.ts";
import type { ExportFilter } from "../src/core/requests/queries/export.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import type { RequestExportFormat } from "../src/platform/db/schema.ts";
import { procedureLayout, writeExportFileInWorker } from "../src/features/instruction/export-rows.ts";
import { generate, parseDataOptions } from "./data.ts";
import { DEFAULT_BENCH_DATABASE_URL, loadAverage } from "./dataset.ts";

export interface ExportBenchOptions {
  rows: number;
  format: RequestExportFormat;
  accounts: number | undefined;
  requests: number | undefined;
}

export const exportUsage = `Usage : npm run bench:export -- [--rows n] [--format csv|xlsx|ods] [--accounts n] [--requests n]
  --rows      demandes exportées (défaut 1 000 000)
  --format    format du fichier (défaut xlsx)
  --accounts, --requests  taille du jeu de données s'il faut le créer (défaut : de quoi exporter --rows demandes)
DATABASE_URL : la base de banc (défaut ${DEFAULT_BENCH_DATABASE_URL}), créée et remplie si elle est vide.`;

export function parseExportBenchOptions(argv: string[]): ExportBenchOptions {
  const options: ExportBenchOptions = { rows: 1_000_000, format: "xlsx", accounts: undefined, requests: undefined };
  const integer = (name: string, raw: string | undefined, min: number) => {
    const value = Number(raw?.replaceAll("_", ""));
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} attend un entier ≥ ${min} (reçu « ${raw ?? ""} »).\n${exportUsage}`);
    return value;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Argument inattendu : « ${arg} ».\n${exportUsage}`);
    const value = match[2] ?? argv[++index];
    if (match[1] === "rows") options.rows = integer("rows", value, 1);
    else if (match[1] === "accounts") options.accounts = integer("accounts", value, 100);
    else if (match[1] === "requests") options.requests = integer("requests", value, 1);
    else if (match[1] === "format") {
      if (value !== "csv" && value !== "xlsx" && value !== "ods") throw new Error(`--format attend csv, xlsx ou ods (reçu « ${value ?? ""} »).\n${exportUsage}`);
      options.format = value;
    } else throw new Error(`Option inconnue : « ${arg} ».\n${exportUsage}`);
  }
  return options;
}

const thousands = new Intl.NumberFormat("fr-FR");
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} Mo`;

export async function runExportBench(databaseUrl: string, options: ExportBenchOptions) {
  // About half of bench:data's requests are the housing procedure's, filed or later.
  const requests = options.requests ?? Math.ceil(options.rows * 2.1);
  await generate(databaseUrl, parseDataOptions(["--accounts", String(options.accounts ?? Math.max(100, Math.ceil(requests / 2))), "--requests", String(requests), "--agents", "8"]));
  const handle = await openDatabase({ databaseUrl });
  const folder = await mkdtemp(path.join(os.tmpdir(), "guichet-bench-export-"));
  try {
    await migrateToLatest(handle.db);
    const largest = await sql<{ procedureId: string; slug: string; count: number }>`
      select p.id as procedure_id, p.slug, count(*)::int as count from requests r join procedures p on p.id = r.procedure_id
      where r.status <> 'draft' group by p.id, p.slug order by count desc limit 1`.execute(handle.db);
    const procedure = largest.rows[0];
    if (!procedure) throw new Error("Aucune demande dans la base de banc.");
    process.stderr.write(`Démarche ${procedure.slug} : ${thousands.format(procedure.count)} demandes hors brouillons ; export de ${thousands.format(Math.min(options.rows, procedure.count))} en ${options.format}.\n`);
    // Every request of the procedure in the list's default order; the viewer only matters to « Réponse reçue ».
    const filter: ExportFilter = {
      procedureId: procedure.procedureId,
      viewerId: "00000000-0000-0000-0000-000000000000",
      statuses: INSTRUCTION_STATUSES,
      search: { kind: "none" },
      assignment: { kind: "anyone" },
      asks: "any",
      sort: DEFAULT_SORT,
      since: null,
    };
    const layout = await procedureLayout(handle.db, procedure.procedureId);
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const file = path.join(folder, `export.${options.format}`);
    const load = loadAverage();
    // The job's own way: a worker thread with its connection and its small heap (export-rows.ts);
    // its memory and processor time are this process's.
    const progress = setInterval(() => process.stderr.write("."), 5_000);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const written = await writeExportFileInWorker({
      exportId: "00000000-0000-0000-0000-000000000000",
      procedureId: procedure.procedureId,
      filter,
      format: options.format,
      title: procedure.slug,
      maxRows: options.rows,
      databaseUrl,
      filePath: file,
    });
    clearInterval(progress);
    process.stderr.write("\n");
    const seconds = (performance.now() - started) / 1000;
    // Processor time of this process (the database's is not counted): on a shared machine it says
    // what the export costs better than the elapsed time does.
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    // The kernel's own peak (VmHWM) catches what the sampling missed.
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    const { size } = await stat(file);
    const report = {
      rows: written,
      format: options.format,
      columns: layout.columns.length,
      seconds: Number(seconds.toFixed(1)),
      rowsPerSecond: Math.round(written / seconds),
      cpuSeconds: Number(cpuSeconds.toFixed(1)),
      rowsPerCpuSecond: Math.round(written / cpuSeconds),
      peakRssBytes: peakRss,
      baselineRssBytes: baselineRss,
      fileBytes: size,
      load: load.map((value) => Number(value.toFixed(2))),
    };
    process.stdout.write(
      [
        `Export de ${thousands.format(written)} demandes (${report.columns} colonnes) en ${options.format} : ${report.seconds} s, ${thousands.format(report.rowsPerSecond)} lignes/s ; processeur de l'export ${report.cpuSeconds} s (${thousands.format(report.rowsPerCpuSecond)} lignes par seconde de processeur)`,
        `Mémoire résidente au plus haut : ${megabytes(peakRss)} (${megabytes(baselineRss)} avant l'export) ; fichier : ${megabytes(size)} ; charge au départ ${report.load.join(" / ")}`,
        `Cibles pour 1 000 000 de lignes : < 60 s (${written >= 1_000_000 ? (seconds < 60 ? "atteinte" : "NON atteinte") : `extrapolé : ${((seconds * 1_000_000) / written).toFixed(0)} s`}), < 300 Mo (${peakRss < 300 * 1024 * 1024 ? "atteinte" : "NON atteinte"})`,
        JSON.stringify(report),
      ].join("\n") + "\n",
    );
    return report;
  } finally {
    await handle.close();
    await rm(folder, { recursive: true, force: true });
  }
}

async function main() {
  let options: ExportBenchOptions;
  try {
    options = parseExportBenchOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  await runExportBench(process.env.DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL, options);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
