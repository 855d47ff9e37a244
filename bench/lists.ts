/**
 * `npx tsx bench/lists.ts [--runs n] [--explain]`: the agents' list query itself
 * (`listProcedureRequests`, src/core/requests/queries/agents.ts) on the `bench:data` database,
 * without HTTP: time per filter and search (p50 / p95 over `--runs`), and with `--explain` the
 * plans PostgreSQL really ran (auto_explain, ANALYZE and BUFFERS, read from the server's log at
 * /var/log/postgresql — PostgreSQL on this machine only).
 */
import { readFileSync, statSync } from "node:fs";
import pg from "pg";
import { openDatabase } from "../src/platform/db/database.ts";
import { listProcedureRequests, type RequestSearch } from "../src/core/requests/queries/agents.ts";
import { statusFilters } from "../src/features/instruction/filters.ts";
import { databaseNameOf, DEFAULT_BENCH_DATABASE_URL, loadAverage, withDatabase } from "./dataset.ts";
import { percentile } from "./measure.ts";

const argv = process.argv.slice(2);
const runs = Number(argv.find((arg) => arg.startsWith("--runs="))?.slice(7) ?? 20);
const explain = argv.includes("--explain");
const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
const name = databaseNameOf(databaseUrl);
const LOG = "/var/log/postgresql/postgresql-15-main.log";

const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, "postgres") });
await admin.connect();
if (explain) {
  for (const setting of ["session_preload_libraries = 'auto_explain'", "auto_explain.log_min_duration = 0", "auto_explain.log_analyze = on", "auto_explain.log_buffers = on"])
    await admin.query(`alter database ${pg.escapeIdentifier(name)} set ${setting}`);
}
const logStart = explain ? statSync(LOG).size : 0;
const handle = await openDatabase({ databaseUrl });
try {
  const procedure = await handle.db.selectFrom("procedures").select(["id", "slug"]).where("slug", "=", "logement-social").executeTakeFirstOrThrow();
  const associations = await handle.db.selectFrom("procedures").select(["id", "slug"]).where("slug", "=", "aide-associations").executeTakeFirstOrThrow();
  const number = (await handle.db.selectFrom("requests").select("number").where("procedureId", "=", procedure.id).where("status", "=", "accepted").limit(1).executeTakeFirstOrThrow()).number!;
  const cases: { label: string; statuses: readonly string[]; search: RequestSearch; page: number; procedureId?: string }[] = [
    { label: "toutes, page 1", statuses: statusFilters.toutes.statuses, search: { kind: "none" }, page: 1 },
    { label: "toutes, page 5", statuses: statusFilters.toutes.statuses, search: { kind: "none" }, page: 5 },
    { label: "à traiter, page 1", statuses: statusFilters["a-traiter"].statuses, search: { kind: "none" }, page: 1 },
    { label: "refusées, page 3", statuses: statusFilters.refusees.statuses, search: { kind: "none" }, page: 3 },
    { label: "classées sans suite, page 5", statuses: statusFilters["classees-sans-suite"].statuses, search: { kind: "none" }, page: 5 },
    { label: "nom « Dupont »", statuses: statusFilters.toutes.statuses, search: { kind: "name", text: "Dupont" }, page: 1 },
    { label: "nom « Martin »", statuses: statusFilters.toutes.statuses, search: { kind: "name", text: "Martin" }, page: 1 },
    { label: "nom en deux mots « Le Roux »", statuses: statusFilters.toutes.statuses, search: { kind: "name", text: "Le Roux" }, page: 1 },
    { label: "nom et prénom « Camille Martin »", statuses: statusFilters.toutes.statuses, search: { kind: "name", text: "Camille Martin" }, page: 1 },
    { label: "structure « mairie de lyon » (aides)", statuses: statusFilters.toutes.statuses, search: { kind: "name", text: "mairie de lyon" }, page: 1, procedureId: associations.id },
    { label: "nom absent « Zyx »", statuses: statusFilters.toutes.statuses, search: { kind: "name", text: "Zyxwv" }, page: 1 },
    { label: "numéro", statuses: statusFilters.toutes.statuses, search: { kind: "number", number }, page: 1 },
  ];
  console.log(`Liste de l'instructeur, ${procedure.slug}, base ${name} ; charge ${loadAverage().map((v) => v.toFixed(2)).join(" / ")}`);
  for (const item of cases) {
    const times: number[] = [];
    let total = 0;
    for (let run = 0; run < (explain ? 1 : runs); run += 1) {
      const start = performance.now();
      const result = await listProcedureRequests(handle.db, { procedureId: item.procedureId ?? procedure.id, statuses: item.statuses as never, search: item.search, limit: 50, offset: (item.page - 1) * 50 });
      times.push(performance.now() - start);
      total = result.total;
    }
    const sorted = times.sort((a, b) => a - b);
    console.log(`  ${item.label.padEnd(38)} p50 ${percentile(sorted, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(sorted, 95).toFixed(1).padStart(7)} ms  (${total} trouvées)`);
  }
} finally {
  await handle.close();
  if (explain) {
    await admin.query(`alter database ${pg.escapeIdentifier(name)} reset session_preload_libraries`);
    for (const setting of ["auto_explain.log_min_duration", "auto_explain.log_analyze", "auto_explain.log_buffers"]) await admin.query(`alter database ${pg.escapeIdentifier(name)} reset ${setting}`);
  }
  await admin.end();
}
if (explain) {
  const log = readFileSync(LOG, "utf8").slice(logStart);
  const plans = log.split(/\n(?=\S)/).filter((entry) => entry.includes(`@${name} LOG:  duration:`) && entry.includes('from "requests"'));
  console.log(plans.join("\n\n"));
}
