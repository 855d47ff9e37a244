/**
 * `npm run bench`: every bench in sequence, then one table of all figures, their targets and
 * ratios (a ratio ≥ 1 meets a throughput target, ≤ 1 a latency or time target).
 *
 *   start (tsx) → build → start (compiled) → login → mail → data set → pages
 *
 * Each bench runs in its own process (`node --import tsx bench/….ts`), its progress on the
 * standard error, its figures read from its JSON (or, for bench:startup, its median line).
 * The heavy part takes parameters, for a shared or small machine:
 *
 *   --accounts n --requests n   data set of bench:data (1,000,000 / 2,000,000 by default); a
 *                               database already holding bench data is used as it is, unless
 *   --reset                     which recreates it (bench:data --reset)
 *   --duration s                seconds measured per phase of bench:login and bench:pages (10)
 *   --mails n                   mails of bench:mail (1,000)
 *   --runs n                    starts of bench:startup (5)
 *   --skip a,b                  among startup, login, mail, pages
 *
 * DATABASE_URL: the PostgreSQL server where bench:login and bench:mail create (and drop) a fresh
 * database; unset, they run on PGlite. The data set of bench:data and bench:pages lives in
 * BENCH_DATABASE_URL, by default the database guichet_bench of that same server (never the
 * database DATABASE_URL names), else bench/dataset.ts's default. The figures go to bench/README.md
 * by hand, appended to its history.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0) return process.argv[index + 1] ?? fallback;
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

const accounts = option("accounts", "1000000");
const requests = option("requests", "2000000");
const duration = option("duration", "10");
const mails = option("mails", "1000");
const runs = option("runs", "5");
const skip = new Set(option("skip", "").split(",").filter(Boolean));
const reset = process.argv.includes("--reset");

/** bench:data's database: never the one DATABASE_URL names (bench:data fills what it is given). */
function benchDataUrl(): string | undefined {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  if (!process.env.DATABASE_URL) return undefined;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = "/guichet_bench";
  return url.toString();
}

interface Row {
  bench: string;
  measure: string;
  figure: string;
  target: string;
  ratio: number | undefined;
}
const rows: Row[] = [];

/** Runs one script of bench/ or scripts/; resolves with its standard output. */
function run(script: string, args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  process.stderr.write(`\n▶ ${script} ${args.join(" ")}\n`);
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete childEnv[name];
      else childEnv[name] = value;
    }
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: childEnv });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${script} a échoué (code ${code})`))));
  });
}

/** The last JSON value a bench printed (after any text it wrote before). */
function lastJson<T>(output: string): T {
  const start = output.indexOf("{");
  return JSON.parse(output.slice(start)) as T;
}

const format = (value: number, digits = 1) => value.toLocaleString("fr-FR", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function step(name: string, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    rows.push({ bench: name, measure: "échec", figure: error instanceof Error ? error.message : String(error), target: "", ratio: undefined });
  }
}

const loadAtStart = os.loadavg()[0] ?? 0;

if (!skip.has("startup")) {
  const startup = async (compiled: boolean) => {
    const output = await run("bench/startup.ts", [`--runs=${runs}`, ...(compiled ? ["--compiled"] : [])]);
    const median = Number(/médiane : (\d+) ms/.exec(output)?.[1]);
    rows.push({
      bench: "bench:startup",
      measure: compiled ? "démarrage, code compilé (npm start)" : "démarrage, tsx (avant)",
      figure: `${median} ms (médiane)`,
      target: "≤ 2 000 ms",
      ratio: median / 2000,
    });
  };
  await step("bench:startup", () => startup(false));
  await step("bench:startup", async () => {
    await run("scripts/build.ts", []);
    await startup(true);
  });
}

if (!skip.has("login"))
  await step("bench:login", async () => {
    const result = lastJson<{
      loginsPerSecond: number;
      rawVerificationsPerSecond: number;
      ratio: number;
      latencyMs: { p99: number };
      database: string;
      floor: { loginsPerSecond: number; ratioToRaw: number; loginRatio: number } | null;
    }>(await run("bench/login.ts", ["--duration", duration, "--rounds", "2", "--json"]));
    rows.push({
      bench: "bench:login",
      measure: `connexions / Argon2id brut (${result.database})`,
      figure: `${format(result.loginsPerSecond)} / ${format(result.rawVerificationsPerSecond)} par s, p99 ${format(result.latencyMs.p99)} ms`,
      target: "rapport ≥ 0,85",
      ratio: result.ratio,
    });
    // The floor (bench/floor-server.ts): what the machine allows any login; ARCHITECTURE.md says why
    // both are shown. Two rounds interleave logins and floor more finely than the machine drifts.
    if (result.floor) {
      rows.push({
        bench: "bench:login",
        measure: "plancher / Argon2id brut (ce que la machine permet)",
        figure: `${format(result.floor.loginsPerSecond)} / ${format(result.rawVerificationsPerSecond)} par s`,
        target: "(mesure)",
        ratio: result.floor.ratioToRaw,
      });
      rows.push({
        bench: "bench:login",
        measure: "connexions : part du plancher",
        figure: format(result.floor.loginRatio, 2),
        target: "≥ 0,85 du plancher",
        ratio: result.floor.loginRatio / 0.85,
      });
    }
  });

if (!skip.has("mail"))
  await step("bench:mail", async () => {
    const result = lastJson<{ mailsPerSecond: number; mails: number; ratio: number; duplicates: number; database: string }>(await run("bench/mail.ts", ["--mails", mails, "--json"]));
    rows.push({
      bench: "bench:mail",
      measure: `courriels envoyés par processus (${result.database})`,
      figure: `${format(result.mailsPerSecond)} /s (${result.mails}, ${result.duplicates} en double)`,
      target: "≥ 50 /s",
      ratio: result.ratio,
    });
  });

if (!skip.has("pages"))
  await step("bench:pages", async () => {
    const env = { DATABASE_URL: benchDataUrl() };
    await run("bench/data.ts", ["--accounts", accounts, "--requests", requests, ...(reset ? ["--reset"] : [])], env);
    interface Measure {
      name: string;
      label: string;
      requestsPerSecond: number;
      latencyMs: { p95: number; p99: number };
      target: { floorRatio?: number; requestsPerSecond?: number; p95Ms?: number; p99Ms?: number };
      ratios: { floor?: number; requestsPerSecond?: number; p95?: number; p99?: number };
      floor: { requestsPerSecond: number } | null;
      floorRatio: number | null;
      transactionsPerRequest: number | null;
    }
    const result = lastJson<{ accounts: number; requests: number; measures: Measure[]; serverMemory: { peakMb: number; targetMb: number; ratio: number } | null }>(
      await run("bench/pages.ts", ["--duration", duration, "--json"], env),
    );
    if (result.serverMemory)
      rows.push({
        bench: "bench:pages",
        measure: "mémoire résidente du serveur au plus haut, sous charge",
        figure: `${format(result.serverMemory.peakMb)} Mo`,
        target: `≤ ${result.serverMemory.targetMb} Mo`,
        ratio: result.serverMemory.ratio,
      });
    for (const measure of result.measures) {
      const targets = [
        measure.target.requestsPerSecond ? `≥ ${measure.target.requestsPerSecond} req/s` : "",
        measure.target.p95Ms ? `p95 ≤ ${measure.target.p95Ms} ms` : "",
        measure.target.p99Ms ? `p99 ≤ ${measure.target.p99Ms} ms` : "",
      ].filter(Boolean);
      // The ratio that decides: throughput when there is a throughput target, else the latency.
      const ratio = measure.ratios.requestsPerSecond ?? measure.ratios.p95 ?? measure.ratios.p99;
      // The page beside its floor (the bare route finding the session, same run) and its round
      // trips to PostgreSQL: the two figures that do not depend on the machine.
      const beside = [
        measure.floor && measure.floorRatio !== null ? `${format(measure.floorRatio, 2)} du plancher (${format(measure.floor.requestsPerSecond)} req/s)` : "",
        measure.transactionsPerRequest !== null ? `${format(measure.transactionsPerRequest, 1)} transactions/req` : "",
      ].filter(Boolean);
      rows.push({
        bench: "bench:pages",
        measure: `${measure.label} (${result.accounts.toLocaleString("fr-FR")} comptes)`,
        figure: [`${format(measure.requestsPerSecond)} req/s, p95 ${format(measure.latencyMs.p95)} ms, p99 ${format(measure.latencyMs.p99)} ms`, ...beside].join(" ; "),
        target: targets.join(", ") || "(mesure de référence)",
        ratio,
      });
      if (measure.target.floorRatio && measure.floorRatio !== null)
        rows.push({
          bench: "bench:pages",
          measure: `${measure.label} : part du plancher`,
          figure: format(measure.floorRatio, 2),
          target: `≥ ${format(measure.target.floorRatio, 2)} du plancher`,
          ratio: measure.ratios.floor,
        });
    }
  });

const header: Row = { bench: "banc", measure: "mesure", figure: "chiffre", target: "objectif", ratio: undefined };
const cells = (row: Row) => [row.bench, row.measure, row.figure, row.target, row === header ? "rapport" : row.ratio === undefined ? "" : format(row.ratio, 2)];
const table = [header, ...rows].map(cells);
const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
const line = (values: string[]) => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(" | ")} |`;
console.log(`\nnpm run bench — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${os.availableParallelism()} cœurs, charge au départ ${format(loadAtStart, 2)}, à la fin ${format(os.loadavg()[0] ?? 0, 2)}`);
console.log(
  `paramètres : --accounts ${accounts} --requests ${requests} --duration ${duration} --mails ${mails} --runs ${runs}${reset ? " --reset" : ""}${skip.size ? ` --skip ${[...skip].join(",")}` : ""}\n`,
);
console.log(line(table[0]!));
console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
for (const values of table.slice(1)) console.log(line(values));
console.log(
  "\nrapport : connexions (ou plancher) / vérifications Argon2id brutes pour les deux premières lignes de bench:login ; ailleurs chiffre / objectif :" +
    " un débit atteint son objectif à ≥ 1, une durée ou une latence à ≤ 1.",
);
