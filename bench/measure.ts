/** Pure helpers of the login bench: options, statistics and the printed report. Tested in login.test.ts. */

export interface BenchOptions {
  /** Measured seconds of each phase (raw Argon2id twice, logins once). */
  duration: number;
  /** Seconds of unmeasured work before the measures (JIT, pools, connections). */
  warmup: number;
  concurrency: number;
  accounts: number;
  /** Login slices, each between two raw slices; the duration is shared among them. */
  rounds: number;
  /** Also the floor's logins (bench/floor-server.ts), each slice after a login slice and between two raw ones. PostgreSQL only. */
  floor: boolean;
  json: boolean;
  /** Log level of the server process; production logs each request at "info". */
  logLevel: string;
  /** Directory where the server process writes a V8 CPU profile (open it in Chrome DevTools). */
  serverCpuProfile?: string | undefined;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const usage = `Usage : npm run bench:login -- [--duration s] [--warmup s] [--concurrency n] [--accounts n] [--rounds n] [--no-floor] [--log-level niveau] [--json]
  --duration     secondes mesurées par phase (défaut 10)
  --warmup       secondes de mise en température avant les mesures (défaut 2)
  --concurrency  clients simultanés, et vérifications simultanées pour la mesure brute (défaut : 2 × processeurs)
  --accounts     comptes créés, chacun avec son empreinte Argon2id (défaut 200)
  --rounds       tranches de connexions, chacune entre deux tranches brutes (défaut 1 : brut, connexions, brut, plancher, brut)
  --no-floor     sans le plancher (route nue : compte, Argon2id, session ; bench/floor-server.ts, PostgreSQL seulement)
  --log-level    niveau de journal du serveur (défaut info, comme en production)
  --server-cpu-prof dossier  profil processeur V8 du serveur écrit dans ce dossier (à ouvrir dans Chrome DevTools)
  --json         résultat lisible par une machine sur la sortie standard
DATABASE_URL donné : base PostgreSQL neuve créée sur ce serveur puis supprimée ; sinon PGlite dans un dossier temporaire.`;

/** Reads `--name value` and `--name=value` flags; unknown flags and bad numbers are usage errors. */
export function parseOptions(argv: string[], cpuCount: number): BenchOptions {
  const options: BenchOptions = { duration: 10, warmup: 2, concurrency: Math.max(1, cpuCount * 2), accounts: 200, rounds: 1, floor: true, json: false, logLevel: "info" };
  const positiveNumber = (name: string, raw: string | undefined, integer: boolean, allowZero = false) => {
    const value = Number(raw);
    if (raw === undefined || raw === "" || !Number.isFinite(value) || value < 0 || (value === 0 && !allowZero) || (integer && !Number.isInteger(value)))
      throw new UsageError(`--${name} attend ${integer ? "un entier" : "un nombre"} ${allowZero ? "positif ou nul" : "strictement positif"} (reçu « ${raw ?? ""} »).`);
    return value;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    if (arg === "--json") {
      options.json = true;
      continue;
    }
    if (arg === "--no-floor") {
      options.floor = false;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`Argument inattendu : « ${arg} ».`);
    const name = match[1] ?? "";
    const takeValue = () => {
      if (match[2] !== undefined) return match[2];
      index += 1;
      return argv[index];
    };
    if (name === "duration") options.duration = positiveNumber(name, takeValue(), false);
    else if (name === "warmup") options.warmup = positiveNumber(name, takeValue(), false, true);
    else if (name === "concurrency") options.concurrency = positiveNumber(name, takeValue(), true);
    else if (name === "accounts") options.accounts = positiveNumber(name, takeValue(), true);
    else if (name === "rounds") options.rounds = positiveNumber(name, takeValue(), true);
    else if (name === "log-level") {
      const level = takeValue();
      if (!level || !["trace", "debug", "info", "warn", "error", "fatal", "silent"].includes(level)) throw new UsageError(`--log-level inconnu : « ${level ?? ""} ».`);
      options.logLevel = level;
    } else if (name === "server-cpu-prof") {
      const directory = takeValue();
      if (!directory) throw new UsageError("--server-cpu-prof attend un dossier.");
      options.serverCpuProfile = directory;
    } else throw new UsageError(`Option inconnue : « --${name} ».`);
  }
  return options;
}

/** Nearest-rank percentile (the smallest sample such that p % of samples are ≤ it), on sorted samples. */
export function percentile(sortedSamples: readonly number[], p: number): number {
  if (sortedSamples.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedSamples.length);
  return sortedSamples[Math.min(sortedSamples.length, Math.max(1, rank)) - 1] as number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  return { count: list.length, p50: percentile(list, 50), p95: percentile(list, 95), p99: percentile(list, 99), max: list.at(-1) ?? Number.NaN };
}

/** Operations completed inside the measured window, per second. */
export function ratePerSecond(completed: number, seconds: number): number {
  return seconds > 0 ? completed / seconds : 0;
}

export const TARGET_RATIO = 0.85;

/** The floor's logins (bench/floor-server.ts): account, Argon2id, session, 303, nothing else. */
export interface FloorResult {
  loginsPerSecond: number;
  /** The floor's throughput over the raw verifications': what this machine allows any such login. */
  ratioToRaw: number;
  /** Guichet's logins over the floor's: the share of the possible that Guichet's own work leaves. */
  loginRatio: number;
  errors: Record<string, number>;
  cpuPerLoginMs: { serverMs: number; clientMs: number; databaseMs: number };
}

export interface BenchResult {
  /** Null without PostgreSQL or with --no-floor. */
  floor: FloorResult | null;
  loginsPerSecond: number;
  rawVerificationsPerSecond: number;
  rawRuns: number[];
  /** Relative gap between the raw runs; above MAX_RAW_SPREAD the machine was busy. */
  rawSpread: number;
  ratio: number;
  target: number;
  targetMet: boolean;
  latencyMs: LatencySummary;
  logins: number;
  errors: Record<string, number>;
  csrfTokenReused: boolean;
  database: "pglite" | "postgresql";
  concurrency: number;
  durationSeconds: number;
  warmupSeconds: number;
  accounts: number;
  rateLimitPerMinute: number;
  serverLogLevel: string;
  threadPoolSize: number;
  rounds: number;
  /** CPU milliseconds spent per login attempt: server process, bench client, PostgreSQL backends (null on PGlite, which runs inside the server). */
  cpuPerLoginMs: { serverMs: number; clientMs: number; databaseMs: number | null };
  /** CPU milliseconds per raw verification (all threads of the bench process). */
  cpuPerRawVerificationMs: number;
  /** The ratio a quiet machine saturated on CPU would reach: raw CPU cost over a login's whole CPU cost. */
  cpuBoundRatio: number;
  node: string;
  cpus: number;
  cpuModel: string;
  /** 1-minute load average when the run started: other work on the machine skews every number. */
  loadAverageAtStart: number;
}

/** On a machine whose cores are all busy, throughputs are inverse to CPU costs per operation. */
export function cpuBoundRatio(rawMs: number, login: { serverMs: number; clientMs: number; databaseMs: number | null }): number {
  const loginMs = login.serverMs + login.clientMs + (login.databaseMs ?? 0);
  return loginMs > 0 ? rawMs / loginMs : 0;
}

/** Raw runs further apart than this mean the machine was not quiet: the ratio is then unreliable. */
export const MAX_RAW_SPREAD = 0.15;

/** Relative gap between the slowest and the fastest raw run. */
export function rawSpread(rawRuns: readonly number[]): number {
  if (rawRuns.length < 2) return 0;
  const fastest = Math.max(...rawRuns);
  return fastest > 0 ? (fastest - Math.min(...rawRuns)) / fastest : 0;
}

/** The ratio of DESIGN.md: login throughput over the mean of the raw runs. */
export function loginRatio(loginsPerSecond: number, rawRuns: readonly number[]) {
  const raw = rawRuns.length > 0 ? rawRuns.reduce((sum, run) => sum + run, 0) / rawRuns.length : 0;
  const ratio = raw > 0 ? loginsPerSecond / raw : 0;
  return { raw, ratio, targetMet: ratio >= TARGET_RATIO };
}

const decimal = (digits: number) => new Intl.NumberFormat("fr-FR", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function floorRows(floor: FloorResult | null): [string, string][] {
  if (!floor) return [];
  const one = decimal(1).format;
  const two = decimal(2).format;
  const cpu = floor.cpuPerLoginMs;
  const errors = Object.values(floor.errors).reduce((sum, n) => sum + n, 0);
  return [
    ["Plancher : connexions par seconde", `${one(floor.loginsPerSecond)} (route nue : compte, Argon2id, session, 303${errors > 0 ? ` ; ${errors} erreurs` : ""})`],
    ["Plancher / brut", `${two(floor.ratioToRaw)} (ce que la machine permet à toute connexion)`],
    ["Connexions / plancher", `${two(floor.loginRatio)} (la part que le travail propre de Guichet laisse)`],
    ["Temps processeur par connexion au plancher", `${one(cpu.serverMs)} ms serveur + ${one(cpu.clientMs)} ms client + ${one(cpu.databaseMs)} ms PostgreSQL`],
  ];
}

/** The human report, in French like the rest of the interface. */
export function formatReport(result: BenchResult): string {
  const one = decimal(1).format;
  const two = decimal(2).format;
  const errorCount = Object.values(result.errors).reduce((sum, n) => sum + n, 0);
  const errorText = errorCount === 0 ? "0" : `${errorCount} (${Object.entries(result.errors).map(([kind, n]) => `${kind} : ${n}`).join(", ")})`;
  const rows: [string, string][] = [
    ["Connexions par seconde (HTTP)", one(result.loginsPerSecond)],
    ["Vérifications Argon2id brutes par seconde", `${one(result.rawVerificationsPerSecond)} (moyenne de ${new Intl.ListFormat("fr", { type: "conjunction" }).format(result.rawRuns.map(one))})`],
    ["Rapport connexions / brut", `${two(result.ratio)}, objectif ≥ ${two(result.target)} : ${result.targetMet ? "OK" : "ÉCHEC"}`],
    ["Latence des connexions p50 / p95 / p99", `${one(result.latencyMs.p50)} / ${one(result.latencyMs.p95)} / ${one(result.latencyMs.p99)} ms (max ${one(result.latencyMs.max)} ms)`],
    ["Connexions réussies mesurées", String(result.logins)],
    [
      "Temps processeur par connexion",
      `${one(result.cpuPerLoginMs.serverMs)} ms serveur + ${one(result.cpuPerLoginMs.clientMs)} ms client${result.cpuPerLoginMs.databaseMs === null ? "" : ` + ${one(result.cpuPerLoginMs.databaseMs)} ms PostgreSQL`}`,
    ],
    ["Temps processeur par vérification brute", `${one(result.cpuPerRawVerificationMs)} ms`],
    ...floorRows(result.floor),
    ["Rapport attendu, processeurs saturés", `${two(result.cpuBoundRatio)} (temps brut / temps d'une connexion)`],
    ["Erreurs", errorText],
    ["Base de données", result.database === "postgresql" ? "PostgreSQL" : "PGlite (embarquée)"],
    ["Concurrence", `${result.concurrency} clients, ${result.accounts} comptes`],
    [
      "Durée",
      `${one(result.durationSeconds)} s de connexions en ${result.rounds} tranche${result.rounds > 1 ? "s" : ""}, chacune entre deux tranches brutes de même durée, après ${one(result.warmupSeconds)} s de mise en température`,
    ],
    ["Jeton CSRF", result.csrfTokenReused ? "un par client, réutilisé (seul le POST est mesuré)" : "redemandé avant chaque connexion"],
    ["Limite globale par IP du serveur", `RATE_LIMIT_PER_MINUTE=${result.rateLimitPerMinute} (relevée pour la mesure)`],
    ["Journal du serveur", `niveau ${result.serverLogLevel}, vers /dev/null`],
    ["Machine", `Node ${result.node}, ${result.cpus} processeurs (${result.cpuModel}), UV_THREADPOOL_SIZE=${result.threadPoolSize}`],
    ["Charge au départ (1 min)", two(result.loadAverageAtStart)],
  ];
  const spread = rawSpread(result.rawRuns);
  const warning =
    spread > MAX_RAW_SPREAD
      ? [`  Attention : les mesures brutes diffèrent jusqu'à ${Math.round(spread * 100)} % ; la machine n'était pas au repos, relancez la mesure.`, ""]
      : [];
  const width = Math.max(...rows.map(([label]) => label.length));
  return ["", "Banc de connexion Guichet", ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`), "", ...warning].join("\n");
}
