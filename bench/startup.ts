// Start to first page, embedded mode, on an existing data directory (DESIGN.md: ≤ 2 s).
// Runs `npm start`'s server command (`tsx src/main.ts`) once to create the data directory, then
// RUNS more times, timing from the process spawn to the first 200 on `/`.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SERVER_NODE_FLAGS } from "./server.ts";

const RUNS = Number(process.argv.find((arg) => arg.startsWith("--runs="))?.slice(7) ?? 5);
const PORT = 3700 + Math.floor(Math.random() * 200);
const TARGET_MS = 2000;
// `--compiled`: the compiled build (`npm run build` first), as `npm start` runs it now.
const COMPILED = process.argv.includes("--compiled");

async function startOnce(dataDir: string): Promise<number> {
  const started = performance.now();
  const [command, args] = COMPILED
    ? [process.execPath, [...SERVER_NODE_FLAGS, "dist/main.js"]]
    : [path.join("node_modules", ".bin", "tsx"), ["src/main.ts"]];
  const child = spawn(command, args, {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(PORT), LOG_LEVEL: "warn", DATABASE_URL: "", SMTP_URL: "" },
    stdio: "ignore",
    detached: true,
  });
  try {
    for (;;) {
      if (performance.now() - started > 60_000) throw new Error("the portal did not answer within 60 s");
      try {
        const response = await fetch(`http://127.0.0.1:${PORT}/`);
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), "guichet-startup-"));
try {
  const first = await startOnce(dataDir);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) times.push(await startOnce(dataDir));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(`Démarrage jusqu'à la première page (base embarquée existante, ${COMPILED ? "code compilé, node dist/main.js" : "tsx src/main.ts"}), ${RUNS} essais`);
  console.log(`  premier démarrage (création de la base) : ${Math.round(first)} ms`);
  console.log(`  médiane : ${Math.round(median)} ms   min : ${Math.round(times[0] ?? 0)} ms   max : ${Math.round(times.at(-1) ?? 0)} ms`);
  console.log(`  objectif ≤ ${TARGET_MS} ms : ${median <= TARGET_MS ? "OK" : "ÉCHEC"} (médiane / objectif = ${(median / TARGET_MS).toFixed(2)})`);
  console.log(`  charge de la machine au départ : ${os.loadavg()[0]?.toFixed(2)} sur ${os.cpus().length} cœurs`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
