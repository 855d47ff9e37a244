/**
 * `npm run bench:login`: logins per second through HTTP against the real server (src/main.ts in
 * its own process), compared with raw Argon2id verifications per second on the same machine in the
 * same run (DESIGN.md: login throughput / raw verify rate ≥ 0.85), with the login latencies.
 *
 * Phases: server started and idle → raw Argon2id → logins → raw Argon2id again (the mean of both
 * raw runs absorbs drift such as thermal throttling). The raw measure runs in this process while
 * the server idles: a fresh process with the same default libuv thread pool, verifying the same
 * hashes with the same `verifyPassword` at the same concurrency.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { hashPassword, verifyPassword } from "../src/platform/security/passwords.ts";
import { insertAccount } from "../src/core/accounts/queries/accounts.ts";
import { runPhase, send, type PhaseResult, type Reply } from "./http.ts";
import { cpuBoundRatio, formatReport, loginRatio, parseOptions, ratePerSecond, rawSpread, summarizeLatencies, TARGET_RATIO, usage, UsageError, type BenchOptions, type BenchResult } from "./measure.ts";
import { postgresCpuProbe, RATE_LIMIT_PER_MINUTE, startFloorServer, startServer, withCpu, type RunningServer } from "./server.ts";

interface BenchAccount {
  login: string;
  password: string;
  passwordHash: string;
}

const progress = (message: string) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------------------------------------
// Database: a fresh one for the run, removed afterwards.

interface BenchDatabase {
  kind: "pglite" | "postgresql";
  /** Environment given to the server process (undefined: removed from it). */
  env: Record<string, string | undefined>;
  /** The PostgreSQL database, whose backends' CPU the bench reads. */
  databaseUrl: string | undefined;
  open(): ReturnType<typeof openDatabase>;
  remove(): Promise<void>;
}

async function createBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  if (!serverUrl) {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "guichet-bench-"));
    return {
      kind: "pglite",
      // Whatever DATABASE_URL this shell holds, the server must use the embedded database.
      env: { DATA_DIR: dataDir, DATABASE_URL: undefined },
      databaseUrl: undefined,
      open: () => openDatabase({ dataDir }),
      remove: () => fs.rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `guichet_bench_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind: "postgresql",
    env: { DATABASE_URL: databaseUrl },
    databaseUrl,
    open: () => openDatabase({ databaseUrl }),
    async remove() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Runs `task` on every item with at most `limit` at a time. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Active accounts, each with its own password and its own Argon2id hash. */
async function createAccounts(database: BenchDatabase, count: number, threadPoolSize: number): Promise<BenchAccount[]> {
  const handle = await database.open();
  try {
    await migrateToLatest(handle.db);
    const indexes = Array.from({ length: count }, (_, index) => index + 1);
    const accounts = await inParallel(indexes, threadPoolSize, async (index) => {
      const password = `Banc-${index}-${randomBytes(6).toString("hex")}!`;
      return { login: `banc.${index}`, password, passwordHash: await hashPassword(password) };
    });
    const now = new Date();
    for (const [index, account] of accounts.entries()) {
      const created = await insertAccount(handle.db, {
        identifier: account.login,
        email: `banc.${index + 1}@exemple.fr`,
        civility: index % 2 === 0 ? "Mme" : "M.",
        lastName: "Banc",
        firstName: "Essai",
        passwordHash: account.passwordHash,
        status: "active",
        termsAcceptedAt: now,
        activatedAt: now,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      if (!created) throw new Error(`Le compte ${account.login} existe déjà.`);
    }
    return accounts;
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The login form, through bench/http.ts: cookie and form by hand.

/** One browser: its CSRF cookie and the token of the login form it was given. */
interface Visitor {
  cookie: string;
  token: string;
}

async function openLoginForm(agent: http.Agent, port: number): Promise<Visitor> {
  const page = await send(agent, port, "GET", "/connexion", { "user-agent": "guichet-bench" }, undefined, true);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const cookie = page.setCookies.map((line) => line.split(";")[0] ?? "").find((pair) => pair.startsWith("guichet_csrf="));
  if (page.status !== 200 || !token || !cookie) throw new Error(`GET /connexion inattendu : statut ${page.status}, jeton ${token ? "présent" : "absent"}, cookie ${cookie ? "présent" : "absent"}.`);
  return { cookie, token };
}

/**
 * Posts the login form (to the floor's route when `to` says so: the same bytes); the session
 * cookie the server gives back is not kept, so every login starts anonymous.
 */
function postLogin(agent: http.Agent, port: number, visitor: Visitor, account: BenchAccount, to = "/connexion"): Promise<Reply> {
  const body = new URLSearchParams({ login: account.login, password: account.password, _csrf: visitor.token }).toString();
  return send(agent, port, "POST", to, {
    "content-type": "application/x-www-form-urlencoded",
    "content-length": String(Buffer.byteLength(body)),
    cookie: visitor.cookie,
    "user-agent": "guichet-bench",
  }, body);
}

const succeeded = (reply: Reply) => reply.status === 303 && reply.location === "/tableau-de-bord";

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

async function rawPhase(accounts: readonly BenchAccount[], concurrency: number, seconds: number): Promise<PhaseResult> {
  return runPhase(concurrency, seconds, async () => {
    const account = pick(accounts);
    return (await verifyPassword(account.passwordHash, account.password)) ? true : "vérification fausse";
  });
}

async function loginPhase(port: number, agent: http.Agent, visitors: Visitor[], reuseToken: boolean, accounts: readonly BenchAccount[], concurrency: number, seconds: number) {
  return runPhase(concurrency, seconds, async (worker) => {
    // Without reuse, fetching the form is part of each login but not of its measured POST.
    if (!reuseToken) visitors[worker] = await openLoginForm(agent, port);
    const reply = await postLogin(agent, port, visitors[worker] as Visitor, pick(accounts));
    return succeeded(reply) ? true : `HTTP ${reply.status}${reply.location ? ` → ${reply.location}` : ""}`;
  });
}

/** Logins on the floor's bare route (bench/floor-server.ts), by the same workers with the same forms. */
async function floorPhase(port: number, agent: http.Agent, visitors: Visitor[], accounts: readonly BenchAccount[], concurrency: number, seconds: number) {
  return runPhase(concurrency, seconds, async (worker) => {
    const reply = await postLogin(agent, port, visitors[worker] as Visitor, pick(accounts), FLOOR_PATH);
    return succeeded(reply) ? true : `HTTP ${reply.status}${reply.location ? ` → ${reply.location}` : ""}`;
  });
}

const FLOOR_PATH = "/plancher/connexion";

// ---------------------------------------------------------------------------------------------

async function bench(options: BenchOptions): Promise<BenchResult> {
  const loadAverageAtStart = os.loadavg()[0] ?? 0;
  const threadPoolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const database = await createBenchDatabase(process.env.DATABASE_URL?.trim() || undefined);
  let server: RunningServer | undefined;
  let floorServer: RunningServer | undefined;
  let agent: http.Agent | undefined;
  let floorAgent: http.Agent | undefined;
  const cleanup = async () => {
    agent?.destroy();
    floorAgent?.destroy();
    await server?.stop();
    await floorServer?.stop();
    await database.remove();
  };
  const interrupted = () => {
    progress("Interrompu : arrêt du serveur et suppression de la base de mesure…");
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  try {
    progress(`Base ${database.kind === "postgresql" ? "PostgreSQL" : "PGlite"} neuve ; création de ${options.accounts} comptes (une empreinte Argon2id chacun)…`);
    const accounts = await createAccounts(database, options.accounts, threadPoolSize);

    progress(`Démarrage du serveur (src/main.ts, RATE_LIMIT_PER_MINUTE=${RATE_LIMIT_PER_MINUTE}, journal ${options.logLevel})…`);
    server = await startServer(database.env, options.logLevel, options.serverCpuProfile);
    const port = server.port;

    if (options.warmup > 0) await rawPhase(accounts, options.concurrency, options.warmup / 2);
    agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
    const visitors = await inParallel(Array.from({ length: options.concurrency }), options.concurrency, () => openLoginForm(agent as http.Agent, port));
    // A form's token stays valid for its browser (the secret is in its cookie): check it once.
    const first = visitors[0] as Visitor;
    const firstLogin = await postLogin(agent, port, first, pick(accounts));
    if (!succeeded(firstLogin)) throw new Error(`La première connexion a échoué : HTTP ${firstLogin.status}${firstLogin.location ? ` → ${firstLogin.location}` : ""}.`);
    const reuseToken = succeeded(await postLogin(agent, port, first, pick(accounts)));
    if (!reuseToken) progress("Le jeton CSRF ne se réutilise pas : chaque connexion redemande le formulaire.");
    if (options.warmup > 0) await loginPhase(port, agent, visitors, reuseToken, accounts, options.concurrency, options.warmup / 2);
    // The floor needs a second process on the same database: PostgreSQL only (PGlite is one process's).
    if (options.floor && database.databaseUrl) {
      progress("Démarrage du plancher (bench/floor-server.ts : compte, Argon2id, session, 303)…");
      floorServer = await startFloorServer(database.databaseUrl);
      floorAgent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
      const firstFloor = await postLogin(floorAgent, floorServer.port, first, pick(accounts), FLOOR_PATH);
      if (!succeeded(firstFloor)) throw new Error(`La première connexion au plancher a échoué : HTTP ${firstFloor.status}.`);
      if (options.warmup > 0) await floorPhase(floorServer.port, floorAgent, visitors, accounts, options.concurrency, options.warmup / 2);
    }

    // raw, login, raw (, login, raw…): each raw slice brackets the login slices, so drift cancels out.
    const slice = options.duration / options.rounds;
    const rawRuns: number[] = [];
    const rawCpu = { ms: 0, operations: 0 };
    const loginCpu = { serverMs: 0, clientMs: 0, databaseMs: 0, operations: 0 };
    const logins: PhaseResult = { completed: 0, performed: 0, latencies: [], errors: {} };
    const floorCpu = { serverMs: 0, clientMs: 0, databaseMs: 0, operations: 0 };
    const floorLogins: Pick<PhaseResult, "completed" | "errors"> = { completed: 0, errors: {} };
    const databaseCpu = database.databaseUrl ? await postgresCpuProbe(database.databaseUrl) : undefined;
    const measureRaw = async () => {
      progress(`Argon2id brut, ${slice} s à ${options.concurrency} vérifications simultanées…`);
      const cpuBefore = process.cpuUsage();
      const run = await rawPhase(accounts, options.concurrency, slice);
      const cpu = process.cpuUsage(cpuBefore);
      if (Object.keys(run.errors).length > 0) throw new Error(`La mesure brute a échoué : ${JSON.stringify(run.errors)}`);
      rawCpu.ms += (cpu.user + cpu.system) / 1000;
      rawCpu.operations += run.performed;
      rawRuns.push(ratePerSecond(run.completed, slice));
    };
    await measureRaw();
    for (let round = 0; round < options.rounds; round += 1) {
      progress(`Connexions HTTP, ${slice} s à ${options.concurrency} clients…`);
      const { result: run, cpu } = await withCpu(server.pid, databaseCpu, () => loginPhase(port, agent as http.Agent, visitors, reuseToken, accounts, options.concurrency, slice));
      loginCpu.clientMs += cpu.clientMs;
      if (cpu.serverMs !== undefined) loginCpu.serverMs += cpu.serverMs;
      if (cpu.databaseMs !== undefined) loginCpu.databaseMs += cpu.databaseMs;
      loginCpu.operations += run.performed;
      logins.completed += run.completed;
      logins.latencies.push(...run.latencies);
      for (const [kind, n] of Object.entries(run.errors)) logins.errors[kind] = (logins.errors[kind] ?? 0) + n;
      await measureRaw();
      if (floorServer && floorAgent) {
        progress(`Plancher, ${slice} s à ${options.concurrency} clients…`);
        const { port: floorPort, pid: floorPid } = floorServer;
        const { result: floorRun, cpu } = await withCpu(floorPid, databaseCpu, () => floorPhase(floorPort, floorAgent as http.Agent, visitors, accounts, options.concurrency, slice));
        floorCpu.clientMs += cpu.clientMs;
        if (cpu.serverMs !== undefined) floorCpu.serverMs += cpu.serverMs;
        if (cpu.databaseMs !== undefined) floorCpu.databaseMs += cpu.databaseMs;
        floorCpu.operations += floorRun.performed;
        floorLogins.completed += floorRun.completed;
        for (const [kind, n] of Object.entries(floorRun.errors)) floorLogins.errors[kind] = (floorLogins.errors[kind] ?? 0) + n;
        await measureRaw();
      }
    }
    await databaseCpu?.close();

    const loginsPerSecond = ratePerSecond(logins.completed, options.duration);
    const perOperation = (ms: number, operations: number) => (operations > 0 ? ms / operations : 0);
    const cpuPerLogin = {
      serverMs: perOperation(loginCpu.serverMs, loginCpu.operations),
      clientMs: perOperation(loginCpu.clientMs, loginCpu.operations),
      databaseMs: databaseCpu ? perOperation(loginCpu.databaseMs, loginCpu.operations) : null,
    };
    const cpuPerRawVerificationMs = perOperation(rawCpu.ms, rawCpu.operations);
    const { raw, ratio, targetMet } = loginRatio(loginsPerSecond, rawRuns);
    const floorPerSecond = ratePerSecond(floorLogins.completed, options.duration);
    const floor = floorServer
      ? {
          loginsPerSecond: floorPerSecond,
          ratioToRaw: raw > 0 ? floorPerSecond / raw : 0,
          loginRatio: floorPerSecond > 0 ? loginsPerSecond / floorPerSecond : 0,
          errors: floorLogins.errors,
          cpuPerLoginMs: {
            serverMs: perOperation(floorCpu.serverMs, floorCpu.operations),
            clientMs: perOperation(floorCpu.clientMs, floorCpu.operations),
            databaseMs: perOperation(floorCpu.databaseMs, floorCpu.operations),
          },
        }
      : null;
    return {
      floor,
      loginsPerSecond,
      rawVerificationsPerSecond: raw,
      rawRuns,
      rawSpread: rawSpread(rawRuns),
      ratio,
      target: TARGET_RATIO,
      targetMet,
      latencyMs: summarizeLatencies(logins.latencies),
      logins: logins.completed,
      errors: logins.errors,
      csrfTokenReused: reuseToken,
      database: database.kind,
      concurrency: options.concurrency,
      durationSeconds: options.duration,
      warmupSeconds: options.warmup,
      accounts: options.accounts,
      rateLimitPerMinute: RATE_LIMIT_PER_MINUTE,
      serverLogLevel: options.logLevel,
      threadPoolSize,
      rounds: options.rounds,
      cpuPerLoginMs: cpuPerLogin,
      cpuPerRawVerificationMs,
      cpuBoundRatio: cpuBoundRatio(cpuPerRawVerificationMs, cpuPerLogin),
      node: process.version,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? "inconnu",
      loadAverageAtStart,
    };
  } finally {
    process.removeListener("SIGINT", interrupted);
    await cleanup();
  }
}

async function main() {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2), os.availableParallelism());
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${usage}`);
      process.exit(2);
    }
    throw error;
  }
  const result = await bench(options);
  // A measure, not a test: the verdict is printed and the exit code stays 0.
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else console.log(formatReport(result));
}

await main();
