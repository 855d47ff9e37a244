/**
 * The real server for the benches (bench/login.ts, bench/pages.ts): the compiled build, as
 * `npm start` runs it (`node dist/main.js`, built first when the sources changed), in its own
 * process on 127.0.0.1 only, with the per-process CPU readings (/proc) that make figures readable
 * on a busy machine.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** High enough that the per-IP ceiling never answers 429 to the bench's single address. */
export const RATE_LIMIT_PER_MINUTE = 1_000_000_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningServer {
  port: number;
  pid: number | undefined;
  /** From the spawn to the first 200 of /health: wall time, and the process's CPU (undefined off Linux). */
  startup: { ms: number; cpuMs: number | undefined };
  /** The most memory the process has held resident since it started (Linux's VmHWM), in bytes; undefined elsewhere. */
  peakRssBytes(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * Node's flags for the server, as `npm start` passes them (package.json, checked by the test).
 * A young generation of 8 MB per semi-space instead of Node 24's 32: the server's peak resident
 * memory under the pages' load 317–329 → 263–307 MB at the same throughput (6 December, small data
 * set). The old generation grown by 30 % over what a full collection leaves alive
 * (`--heap-growing-percent`; V8 otherwise chooses up to several times as much): under load, the
 * requests' objects promoted by the small young generation filled the old one with garbage up to
 * 130 MB over a live set of 50 MB; with it the peak is 253–268 MB instead of 298–374 MB on the
 * dashboard and draft, within the machine's spread of throughput (1 M requests, 6 December, late
 * morning). Source maps for readable stacks in the logs.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=8", "--heap-growing-percent=30", "--enable-source-maps"];

/** A process's peak resident memory from /proc (VmHWM, in kB there), or undefined off Linux. */
export async function peakRssOf(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

let built: Promise<void> | undefined;

/**
 * What `npm start` does before it runs: the browser assets, then the server's compilation to dist/
 * when a source changed (`--if-needed`); once per bench process. Outputs are replaced by atomic
 * renames, so another instance running from dist/ is not disturbed.
 */
function buildOnce(): Promise<void> {
  built ??= (async () => {
    const run = promisify(execFile);
    await run(process.execPath, ["scripts/build-assets.ts"], { cwd: projectRoot });
    await run(process.execPath, ["scripts/build.ts", "--if-needed"], { cwd: projectRoot });
  })();
  return built;
}

/**
 * Starts the server with `env` over this process's environment (a variable set to undefined is
 * removed) and waits until /health answers.
 */
export async function startServer(env: Record<string, string | undefined>, logLevel: string, cpuProfileDir?: string): Promise<RunningServer> {
  const port = await freePort();
  // NODE_ENV=test: the production checks (HTTPS, SMTP) do not apply to a local measure, and no
  // demo data is seeded; LOG_LEVEL keeps production's per-request logging unless told otherwise.
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: logLevel,
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
    // As in production: a page kept in memory is sent without being drawn again to be compared.
    CHECK_KEPT_PAGES: "false",
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  delete childEnv.SMTP_URL;
  const profile = cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(cpuProfileDir)}`] : [];
  await buildOnce();
  return spawnUntilHealthy([...profile, ...SERVER_NODE_FLAGS, "dist/main.js"], childEnv, port);
}

/**
 * Starts the floor server of bench/floor-server.ts (a bare route finding the session) on the same
 * database, in its own process like the application.
 */
export async function startFloorServer(databaseUrl: string): Promise<RunningServer> {
  const port = await freePort();
  return spawnUntilHealthy(["--import", "tsx", "bench/floor-server.ts"], { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) }, port);
}

/** Runs `node <args>` from the project's root and waits until /health answers 200 on `port`. */
async function spawnUntilHealthy(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<RunningServer> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`Le serveur s'est arrêté au démarrage :\n${stderr}`);
    if (Date.now() > deadline) {
      await stopChild(child, exit);
      throw new Error(`Le serveur n'a pas répondu sur /health en 90 s :\n${stderr}`);
    }
    const status = await new Promise<number>((resolve) => {
      const request = http.get({ host: "127.0.0.1", port, path: "/health", agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", () => resolve(0));
    });
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const startup = { ms: performance.now() - spawnedAt, cpuMs: processCpuMs(child.pid) };
  return { port, pid: child.pid, startup, peakRssBytes: () => peakRssOf(child.pid), stop: () => stopChild(child, exit) };
}

async function stopChild(child: ChildProcess, exit: Promise<void>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timeout = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exit;
  clearTimeout(timeout);
}

// ---------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc): on a shared or busy machine the rates drift, the CPU time each
// operation costs does not, and it tells where the time of a request goes.

const clockTicksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU milliseconds of a process and all its threads, or undefined off Linux. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return undefined;
  }
}

export type PostgresCpuProbe = Awaited<ReturnType<typeof postgresCpuProbe>>;

/** CPU of the PostgreSQL backends serving one database, when PostgreSQL runs on this machine. */
export async function postgresCpuProbe(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const own = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]?.pid;
  return {
    async sample(): Promise<Map<number, number> | undefined> {
      const rows = (await client.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1", [name])).rows;
      const cpu = new Map<number, number>();
      for (const { pid } of rows) {
        if (pid === own) continue;
        const ms = processCpuMs(pid);
        if (ms === undefined) return undefined;
        cpu.set(pid, ms);
      }
      return cpu;
    },
    close: () => client.end(),
  };
}

/** CPU spent between two samples; a backend opened in between counts whole. */
function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** CPU milliseconds spent during one piece of work; undefined where /proc could not tell. */
export interface CpuSpent {
  serverMs: number | undefined;
  databaseMs: number | undefined;
  clientMs: number;
}

/** Runs `work` and reads the CPU the server, the database's backends (when probed) and this process spent meanwhile. */
export async function withCpu<T>(serverPid: number | undefined, database: PostgresCpuProbe | undefined, work: () => Promise<T>): Promise<{ result: T; cpu: CpuSpent }> {
  const serverBefore = processCpuMs(serverPid);
  const databaseBefore = await database?.sample();
  const clientBefore = process.cpuUsage();
  const result = await work();
  const client = process.cpuUsage(clientBefore);
  const serverAfter = processCpuMs(serverPid);
  const databaseAfter = await database?.sample();
  return {
    result,
    cpu: {
      serverMs: serverBefore !== undefined && serverAfter !== undefined ? serverAfter - serverBefore : undefined,
      databaseMs: databaseBefore && databaseAfter ? cpuDelta(databaseBefore, databaseAfter) : undefined,
      clientMs: (client.user + client.system) / 1000,
    },
  };
}
