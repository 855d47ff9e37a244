/**
 * `npm run bench:pages`: requests per second and latencies of the pages DESIGN.md sets targets for,
 * on the data set of `bench:data` (PostgreSQL), through HTTP against the real server
 * (src/main.ts in its own process):
 *
 *   - the authenticated dashboard (`GET /tableau-de-bord`, where login leads): ≥ 2,500 req/s, p99 ≤ 50 ms;
 *   - saving a draft step (`POST /demandes/:id/:step`, "Poursuivre plus tard", CSRF token, the
 *     applicant's own draft): ≥ 1,500 req/s, p99 ≤ 50 ms;
 *   - the agents' list with filters (`GET /instruction/:procedure?statut=…&page=…`), and their
 *     search by name and by number: p95 ≤ 100 ms;
 *   - the help's French full-text search (`GET /comment-ca-marche/recherche?q=…`, anonymous,
 *     misspelt queries) over 5,000 published articles, added to the data set on the first run
 *     (bench/help-articles.ts): p95 ≤ 50 ms.
 *
 * Applicants banc.1… and agents agent.banc.… log in through the login form first (bench/dataset.ts).
 * Each phase reports the load average at its start and end, the CPU time per request of the
 * server, of PostgreSQL's backends and of this client, and ratios measured / target.
 */
import http from "node:http";
import os from "node:os";
import pg from "pg";
import { agentLogin, applicantLogin, BENCH_PASSWORD, databaseNameOf, DEFAULT_BENCH_DATABASE_URL, loadAverage, transportOf } from "./dataset.ts";
import { LAST_NAMES } from "./data-samples.ts";
import { runPhase, send, type PhaseResult, type Reply } from "./http.ts";
import { percentile } from "./measure.ts";
import { BENCH_HELP_QUERIES, ensureBenchHelpArticles } from "./help-articles.ts";
import { postgresCpuProbe, RATE_LIMIT_PER_MINUTE, startFloorServer, startServer, withCpu, type CpuSpent, type RunningServer } from "./server.ts";

interface PagesOptions {
  duration: number;
  warmup: number;
  concurrency: number;
  listConcurrency: number;
  applicants: number;
  agents: number;
  only: string[] | undefined;
  logLevel: string;
  json: boolean;
  serverCpuProfile: string | undefined;
  floor: boolean;
  /** Page slices, each between two floor slices (the duration is shared among them). */
  rounds: number;
}

const usage = `Usage : npm run bench:pages -- [--duration s] [--warmup s] [--concurrency n] [--list-concurrency n] [--applicants n] [--agents n] [--only a,b] [--log-level niveau] [--no-floor] [--rounds n] [--json]
  --duration          secondes mesurées par page (défaut 10)
  --warmup            secondes de mise en température avant chaque mesure (défaut 2)
  --concurrency       clients simultanés pour le tableau de bord et l'enregistrement d'étape (défaut 4 × processeurs)
  --list-concurrency  agents simultanés pour les listes et recherches (défaut 4)
  --applicants        usagers connectés (défaut 100, au plus --login-accounts de bench:data)
  --agents            instructeurs connectés (défaut 12)
  --only              mesures choisies parmi ${"dashboard,draft,list,search-name,search-number,faq"}
  --log-level         niveau de journal du serveur (défaut info, comme en production)
  --server-cpu-prof   dossier où le serveur écrit un profil V8
  --no-floor          sans la mesure du plancher (route nue qui trouve la session, bench/floor-server.ts)
  --rounds            tranches de la page, chacune entre deux tranches du plancher (défaut 2 : plancher, page, plancher, page, plancher)
DATABASE_URL : la base de bench:data (défaut ${DEFAULT_BENCH_DATABASE_URL}).`;

function parseOptions(argv: string[]): PagesOptions {
  const options: PagesOptions = {
    duration: 10,
    warmup: 2,
    concurrency: 4 * os.availableParallelism(),
    listConcurrency: 4,
    applicants: 100,
    agents: 12,
    only: undefined,
    logLevel: "info",
    json: false,
    serverCpuProfile: undefined,
    floor: true,
    rounds: 2,
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
    if (!match) throw new Error(`Argument inattendu : « ${arg} ».\n${usage}`);
    const value = match[2] ?? argv[++index] ?? "";
    const number = (min: number) => {
      const parsed = Number(value);
      if (!Number.isFinite(parsed) || parsed < min) throw new Error(`--${match[1]} attend un nombre ≥ ${min} (reçu « ${value} »).\n${usage}`);
      return parsed;
    };
    if (match[1] === "duration") options.duration = number(0.1);
    else if (match[1] === "warmup") options.warmup = number(0);
    else if (match[1] === "concurrency") options.concurrency = Math.round(number(1));
    else if (match[1] === "list-concurrency") options.listConcurrency = Math.round(number(1));
    else if (match[1] === "applicants") options.applicants = Math.round(number(1));
    else if (match[1] === "agents") options.agents = Math.round(number(1));
    else if (match[1] === "rounds") options.rounds = Math.round(number(1));
    else if (match[1] === "only") options.only = value.split(",").map((name) => name.trim());
    else if (match[1] === "log-level") options.logLevel = value;
    else if (match[1] === "server-cpu-prof") options.serverCpuProfile = value;
    else throw new Error(`Option inconnue : « ${arg} ».\n${usage}`);
  }
  return options;
}

const progress = (message: string) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------------------------------------
// A browser over bench/http.ts: a cookie jar, the CSRF token, forms by hand.

class Browser {
  private readonly cookies = new Map<string, string>();
  csrfToken = "";
  constructor(
    private readonly agent: http.Agent,
    private readonly port: number,
  ) {}

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(method: "GET" | "POST", path: string, form?: Record<string, string>, options: { keepBody?: boolean; keepCookies?: boolean } = {}): Promise<Reply> {
    const body = form ? new URLSearchParams({ ...form, _csrf: this.csrfToken }).toString() : undefined;
    const headers: Record<string, string> = { "user-agent": "guichet-bench-pages", cookie: this.cookieHeader() };
    if (body !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    const reply = await send(this.agent, this.port, method, path, headers, body, options.keepBody);
    if (options.keepCookies) {
      for (const line of reply.setCookies) {
        const [pair = ""] = line.split(";");
        const at = pair.indexOf("=");
        const name = pair.slice(0, at);
        const value = pair.slice(at + 1);
        if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    return reply;
  }

  /** GET /connexion for the CSRF cookie and token, then the login form; the session cookie is kept. */
  async logIn(login: string): Promise<void> {
    const page = await this.request("GET", "/connexion", undefined, { keepBody: true, keepCookies: true });
    this.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    if (page.status !== 200 || !this.csrfToken) throw new Error(`GET /connexion : statut ${page.status}, jeton ${this.csrfToken ? "présent" : "absent"}.`);
    const reply = await this.request("POST", "/connexion", { login, password: BENCH_PASSWORD }, { keepCookies: true });
    if (reply.status !== 303) throw new Error(`Connexion de ${login} refusée : statut ${reply.status} vers ${reply.location ?? "—"}. Les données de bench:data sont-elles là ?`);
  }
}

interface Target {
  /** The page's throughput over its floor's (bench/floor-server.ts), same run, same concurrency. */
  floorRatio?: number;
  requestsPerSecond?: number;
  p95Ms?: number;
  p99Ms?: number;
}

interface Measure {
  name: string;
  label: string;
  concurrency: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  requests: number;
  errors: Record<string, number>;
  cpuPerRequestMs: { server: number | null; postgres: number | null; client: number };
  /**
   * Transactions the bench database committed or rolled back per request (pg_stat_database): each
   * statement outside a transaction is one, so this is the page's round trips to PostgreSQL (a
   * transaction of several statements counts once). Machine-independent.
   */
  transactionsPerRequest: number | null;
  loadAverage: { start: number; end: number };
  target: Target;
  /** The floor: the bare route answering as many bytes as the page, at the same concurrency. */
  floor: { bytes: number; requestsPerSecond: number; p99Ms: number; errors: Record<string, number>; cpuPerRequestMs: { server: number | null; postgres: number | null; client: number } } | null;
  /** The page's throughput divided by its floor's. */
  floorRatio: number | null;
  /** The server's peak resident memory at the end of this phase (MB). */
  peakRssMb: number | null;
  /** measured / target: ≥ 1 is met for a throughput, ≤ 1 for a latency. */
  ratios: { floor?: number; requestsPerSecond?: number; p95?: number; p99?: number };
  met: boolean;
}

const expectStatus = (status: number) => (reply: Reply) => (reply.status === status ? true : `statut ${reply.status}${reply.location ? ` vers ${reply.location}` : ""}`);

async function main() {
  let options: PagesOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
  const wanted = (name: string) => !options.only || options.only.includes(name);
  const needsAgents = ["list", "search-name", "search-number"].some(wanted);
  const needsApplicants = wanted("dashboard") || wanted("draft");

  // The help articles the FAQ search runs on, written once into the data set (migrating it first).
  const helpArticles = wanted("faq") ? await ensureBenchHelpArticles(databaseUrl, progress) : 0;

  // What the data set holds: the procedures, the agents and their procedures, numbers to search.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const dataSet = (await client.query<{ accounts: string; requests: string }>("select (select count(*) from accounts) as accounts, (select count(*) from requests) as requests")).rows[0]!;
  const agentRows = (
    await client.query<{ identifier: string; slug: string; procedureId: string }>(
      `select a.identifier, p.slug, p.id as "procedureId" from accounts a join procedure_agents pa on pa.account_id = a.id join procedures p on p.id = pa.procedure_id
       where a.identifier = any($1) order by a.identifier, p.slug`,
      [Array.from({ length: options.agents }, (_, index) => agentLogin(index + 1))],
    )
  ).rows;
  if (needsAgents && agentRows.length === 0) throw new Error(`Aucun instructeur agent.banc.… dans ${databaseNameOf(databaseUrl)} : lancez d'abord npm run bench:data.`);
  const numbers = new Map<string, string[]>();
  for (const procedureId of new Set(agentRows.map((row) => row.procedureId))) {
    const rows = (await client.query<{ number: string }>("select number from requests tablesample system (1) where procedure_id = $1 and number is not null limit 200", [procedureId])).rows;
    numbers.set(procedureId, rows.map((row) => row.number));
  }
  await client.end();

  const loadAtStart = loadAverage();
  progress(`Données : ${Number(dataSet.accounts).toLocaleString("fr-FR")} comptes, ${Number(dataSet.requests).toLocaleString("fr-FR")} demandes, ${helpArticles.toLocaleString("fr-FR")} articles d'aide. Charge : ${loadAtStart.map((v) => v.toFixed(2)).join(" / ")}.`);
  progress("Démarrage du serveur…");
  const server = await startServer({ DATABASE_URL: databaseUrl }, options.logLevel, options.serverCpuProfile);
  let floorServer: RunningServer | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(options.concurrency, options.listConcurrency) * 2 });
  const measures: Measure[] = [];
  let peakRssBytes: number | undefined;
  let peakAfterLogins: number | undefined;
  const postgresCpu = await postgresCpuProbe(databaseUrl);
  const transactions = await transactionsProbe(databaseUrl);
  try {
    // Log in through the form, as people do (Argon2id once per browser).
    progress(`Connexion de ${needsApplicants ? options.applicants : 0} usagers et ${needsAgents ? new Set(agentRows.map((row) => row.identifier)).size : 0} instructeurs…`);
    const applicants = await Promise.all(
      Array.from({ length: needsApplicants ? options.applicants : 0 }, async (_, index) => {
        const browser = new Browser(agent, server.port);
        await browser.logIn(applicantLogin(index + 1));
        return browser;
      }),
    );
    const agents = await Promise.all(
      [...new Set(needsAgents ? agentRows.map((row) => row.identifier) : [])].map(async (login) => {
        const browser = new Browser(agent, server.port);
        await browser.logIn(login);
        return { browser, procedures: agentRows.filter((row) => row.identifier === login) };
      }),
    );

    // The peak so far: logging in runs Argon2id (19 MiB each) on libuv's threads.
    peakAfterLogins = await server.peakRssBytes();

    // Each applicant's own housing draft, started through the catalogue's button.
    const drafts: { browser: Browser; path: string }[] = [];
    if (wanted("draft")) {
      progress("Un brouillon de demande de logement par usager…");
      for (const browser of applicants) {
        const started = await browser.request("POST", "/demarches/logement-social/commencer", {}, { keepCookies: true });
        if (started.status !== 303 || !started.location) throw new Error(`Brouillon non créé : statut ${started.status}.`);
        drafts.push({ browser, path: started.location });
      }
      const check = await drafts[0]!.browser.request("POST", drafts[0]!.path, draftForm(0), { keepBody: true });
      if (check.status !== 303) throw new Error(`L'enregistrement d'étape répond ${check.status} au lieu de 303 :\n${check.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 800)}`);
    }

    // Searching the help needs no account: one anonymous browser, its keep-alive connections shared.
    const visitor = new Browser(agent, server.port);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
    const filters = ["toutes", "a-traiter", "deposees", "en-instruction", "acceptees", "refusees"];
    // Each phase also names the browser of each worker and a sample request: its floor is measured
    // with the same cookies and answers as many bytes as the sample.
    const listPath = (procedures: { slug: string }[]) => `/instruction/${pick(procedures).slug}?statut=${pick(filters)}`;
    const agentOf = (worker: number) => agents[worker % agents.length]!;
    const phases: {
      name: string;
      label: string;
      concurrency: number;
      target: Target;
      operation: (worker: number) => Promise<true | string>;
      browserOf: (worker: number) => Browser;
      sample: () => Promise<Reply>;
    }[] = [
      {
        name: "dashboard",
        label: "Tableau de bord (GET /tableau-de-bord)",
        concurrency: options.concurrency,
        target: { floorRatio: 0.7, requestsPerSecond: 2500, p99Ms: 50 },
        operation: async (worker) => expectStatus(200)(await applicants[worker % applicants.length]!.request("GET", "/tableau-de-bord")),
        browserOf: (worker) => applicants[worker % applicants.length]!,
        sample: () => applicants[0]!.request("GET", "/tableau-de-bord", undefined, { keepBody: true }),
      },
      {
        name: "draft",
        label: "Enregistrement d'une étape de brouillon (POST, plus tard)",
        concurrency: Math.min(options.concurrency, drafts.length),
        target: { requestsPerSecond: 1500, p99Ms: 50 },
        // One applicant per worker: nobody saves the same draft twice at once.
        operation: async (worker) => {
          const draft = drafts[worker % drafts.length]!;
          return expectStatus(303)(await draft.browser.request("POST", draft.path, draftForm(Math.floor(Math.random() * 1000))));
        },
        browserOf: (worker) => drafts[worker % drafts.length]!.browser,
        sample: () => drafts[0]!.browser.request("POST", drafts[0]!.path, draftForm(0), { keepBody: true }),
      },
      {
        name: "list",
        label: "Liste de l'instructeur filtrée (statut, pages 1 à 5)",
        concurrency: options.listConcurrency,
        target: { p95Ms: 100 },
        operation: async (worker) => {
          const { browser, procedures } = agents[worker % agents.length]!;
          const page = 1 + Math.floor(Math.random() * 5);
          return expectStatus(200)(await browser.request("GET", `/instruction/${pick(procedures).slug}?statut=${pick(filters)}${page > 1 ? `&page=${page}` : ""}`));
        },
        browserOf: (worker) => agentOf(worker).browser,
        sample: () => agents[0]!.browser.request("GET", listPath(agents[0]!.procedures), undefined, { keepBody: true }),
      },
      {
        name: "search-name",
        label: "Recherche par nom de l'instructeur",
        concurrency: options.listConcurrency,
        target: { p95Ms: 100 },
        operation: async (worker) => {
          const { browser, procedures } = agents[worker % agents.length]!;
          return expectStatus(200)(await browser.request("GET", `/instruction/${pick(procedures).slug}?recherche=${encodeURIComponent(pick(LAST_NAMES))}`));
        },
        browserOf: (worker) => agentOf(worker).browser,
        sample: () => agents[0]!.browser.request("GET", `/instruction/${pick(agents[0]!.procedures).slug}?recherche=${encodeURIComponent(LAST_NAMES[0]!)}`, undefined, { keepBody: true }),
      },
      {
        name: "search-number",
        label: "Recherche par numéro de l'instructeur",
        concurrency: options.listConcurrency,
        target: { p95Ms: 100 },
        operation: async (worker) => {
          const { browser, procedures } = agents[worker % agents.length]!;
          const procedure = pick(procedures);
          const number = pick(numbers.get(procedure.procedureId) ?? ["LSBBBBBBBBBBBBBBBB"]);
          return expectStatus(200)(await browser.request("GET", `/instruction/${procedure.slug}?recherche=${number}`));
        },
        browserOf: (worker) => agentOf(worker).browser,
        sample: () => agents[0]!.browser.request("GET", listPath(agents[0]!.procedures), undefined, { keepBody: true }),
      },
      {
        name: "faq",
        label: `Recherche dans l'aide « Comment ça marche ? » (${helpArticles.toLocaleString("fr-FR")} articles, visiteur anonyme)`,
        concurrency: options.listConcurrency,
        target: { p95Ms: 50 },
        operation: async () => expectStatus(200)(await visitor.request("GET", `/comment-ca-marche/recherche?q=${encodeURIComponent(pick(BENCH_HELP_QUERIES))}`)),
        browserOf: () => visitor,
        sample: () => visitor.request("GET", `/comment-ca-marche/recherche?q=${encodeURIComponent(BENCH_HELP_QUERIES[0]!)}`, undefined, { keepBody: true }),
      },
    ];

    /**
     * The floor of a page (bench/floor-server.ts): the same workers, cookies and duration, the
     * session found by its hash, as many bytes as the page. Measured in slices between the page's
     * own (floor, page, floor, page, floor with `--rounds 2`), as bench:login brackets its logins
     * with raw runs: this machine's speed drifts by a third from one ten-second stretch to the next,
     * and a ratio of two stretches measured one after the other carried that drift.
     */
    const floorOf = async (phase: (typeof phases)[number]) => {
      floorServer ??= await startFloorServer(databaseUrl);
      const { port, pid } = floorServer;
      const bytes = Buffer.byteLength((await phase.sample()).body);
      const operation = async (worker: number) => {
        const reply = await send(agent, port, "GET", `/plancher?octets=${bytes}`, { "user-agent": "guichet-bench-pages", cookie: phase.browserOf(worker).cookieHeader() });
        return reply.status === 200 ? true : `plancher : statut ${reply.status}`;
      };
      const slices: PhaseResult[] = [];
      const cpu = cpuTally();
      return {
        bytes,
        warm: () => (options.warmup > 0 ? runPhase(phase.concurrency, options.warmup, operation) : undefined),
        async slice(seconds: number) {
          progress(`  plancher (${bytes.toLocaleString("fr-FR")} octets) : ${seconds} s à ${phase.concurrency} clients…`);
          const { result, cpu: spent } = await withCpu(pid, postgresCpu, () => runPhase(phase.concurrency, seconds, operation));
          slices.push(result);
          cpu.add(spent);
        },
        result(seconds: number): NonNullable<Measure["floor"]> {
          const run = mergeRuns(slices);
          return {
            bytes,
            requestsPerSecond: run.completed / seconds,
            p99Ms: percentile(Array.from(Float64Array.from(run.latencies).sort()), 99),
            errors: run.errors,
            cpuPerRequestMs: cpu.perRequest(run.performed),
          };
        },
      };
    };

    for (const phase of phases.filter((candidate) => wanted(candidate.name))) {
      const floor = options.floor ? await floorOf(phase) : undefined;
      const rounds = floor ? options.rounds : 1;
      const slice = options.duration / rounds;
      if (options.warmup > 0) await runPhase(phase.concurrency, options.warmup, phase.operation);
      await floor?.warm();
      await floor?.slice(slice);
      const load = loadAverage()[0];
      const slices: PhaseResult[] = [];
      const spent = cpuTally();
      let transactionsPerRequest: number | null = null;
      for (let round = 0; round < rounds; round += 1) {
        progress(`${phase.label} : ${slice} s à ${phase.concurrency} clients…`);
        // The first slice alone is counted: each count waits out the backends' reports (10 s), and the floor's queries go to the same database.
        const transactionsBefore = round === 0 ? await transactions.count() : 0;
        const { result: run, cpu } = await withCpu(server.pid, postgresCpu, () => runPhase(phase.concurrency, slice, phase.operation));
        if (round === 0 && run.performed > 0) transactionsPerRequest = ((await transactions.count()) - transactionsBefore) / run.performed;
        slices.push(run);
        spent.add(cpu);
        await floor?.slice(slice);
      }
      const run = mergeRuns(slices);
      const sorted = Float64Array.from(run.latencies).sort();
      const list = Array.from(sorted);
      const latencyMs = { p50: percentile(list, 50), p95: percentile(list, 95), p99: percentile(list, 99), max: list.at(-1) ?? Number.NaN };
      const requestsPerSecond = run.completed / options.duration;
      const floorMeasure = floor ? floor.result(slice * (rounds + 1)) : null;
      const floorRatio = floorMeasure && floorMeasure.requestsPerSecond > 0 ? requestsPerSecond / floorMeasure.requestsPerSecond : null;
      const ratios: Measure["ratios"] = {};
      if (phase.target.floorRatio && floorRatio !== null) ratios.floor = floorRatio / phase.target.floorRatio;
      if (phase.target.requestsPerSecond) ratios.requestsPerSecond = requestsPerSecond / phase.target.requestsPerSecond;
      if (phase.target.p95Ms) ratios.p95 = latencyMs.p95 / phase.target.p95Ms;
      if (phase.target.p99Ms) ratios.p99 = latencyMs.p99 / phase.target.p99Ms;
      const errorCount = Object.values(run.errors).reduce((sum, n) => sum + n, 0);
      measures.push({
        name: phase.name,
        label: phase.label,
        concurrency: phase.concurrency,
        requestsPerSecond,
        latencyMs,
        requests: run.completed,
        errors: run.errors,
        cpuPerRequestMs: spent.perRequest(run.performed),
        transactionsPerRequest,
        loadAverage: { start: load, end: loadAverage()[0] },
        target: phase.target,
        floor: floorMeasure,
        floorRatio,
        ratios,
        // The server's peak so far (the floor runs in its own process): which phase raised it.
        peakRssMb: megabytes(await server.peakRssBytes()),
        met: errorCount === 0 && (ratios.floor ?? 1) >= 1 && (ratios.requestsPerSecond ?? 1) >= 1 && (ratios.p95 ?? 0) <= 1 && (ratios.p99 ?? 0) <= 1,
      });
    }
    peakRssBytes = await server.peakRssBytes();
  } finally {
    await postgresCpu.close();
    await transactions.close();
    agent.destroy();
    await server.stop();
    await floorServer?.stop();
  }

  const result = {
    database: `${databaseNameOf(databaseUrl)} (${transportOf(databaseUrl)})`,
    accounts: Number(dataSet.accounts),
    requests: Number(dataSet.requests),
    helpArticles,
    durationSeconds: options.duration,
    warmupSeconds: options.warmup,
    serverLogLevel: options.logLevel,
    rateLimitPerMinute: RATE_LIMIT_PER_MINUTE,
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "inconnu",
    loadAverageAtStart: loadAtStart,
    measures,
    serverMemory: serverMemory(peakRssBytes, peakAfterLogins),
  };
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else console.log(formatReport(result));
}

type CpuPerRequest = Measure["cpuPerRequestMs"];
const cpuText = (cpu: CpuPerRequest) => `${cpu.server === null ? "?" : two(cpu.server)} ms serveur + ${cpu.postgres === null ? "?" : two(cpu.postgres)} ms PostgreSQL + ${two(cpu.client)} ms client`;

/**
 * The floor's processor time per request over the page's (server, PostgreSQL and client): on a
 * machine whose cores are all busy, the throughput ratio tends to this one, which depends far less
 * on what else the machine is doing.
 */
function cpuBoundText(floor: CpuPerRequest, page: CpuPerRequest): string {
  if (floor.server === null || floor.postgres === null || page.server === null || page.postgres === null) return "?";
  return two((floor.server + floor.postgres + floor.client) / (page.server + page.postgres + page.client));
}

/** Processor time summed over a measure's slices, then per request (null where a process could not be read). */
function cpuTally() {
  const spent = { serverMs: 0, databaseMs: 0, clientMs: 0 };
  return {
    add(cpu: CpuSpent) {
      spent.serverMs += cpu.serverMs ?? Number.NaN;
      spent.databaseMs += cpu.databaseMs ?? Number.NaN;
      spent.clientMs += cpu.clientMs;
    },
    perRequest(performed: number): CpuPerRequest {
      const per = (ms: number) => (performed > 0 && Number.isFinite(ms) ? ms / performed : null);
      return { server: per(spent.serverMs), postgres: per(spent.databaseMs), client: per(spent.clientMs) ?? 0 };
    },
  };
}

/** Slices of one measure as one run. */
function mergeRuns(runs: readonly PhaseResult[]): PhaseResult {
  const merged: PhaseResult = { completed: 0, performed: 0, latencies: [], errors: {} };
  for (const run of runs) {
    merged.completed += run.completed;
    merged.performed += run.performed;
    for (const latency of run.latencies) merged.latencies.push(latency);
    for (const [kind, n] of Object.entries(run.errors)) merged.errors[kind] = (merged.errors[kind] ?? 0) + n;
  }
  return merged;
}

const megabytes = (bytes: number | undefined) => (bytes === undefined ? null : bytes / 1024 / 1024);

/** DESIGN's ceiling for one process under load. */
const SERVER_RSS_TARGET_MB = 300;

/** The server's peak resident memory over every phase, against its target (null off Linux). */
function serverMemory(peakRssBytes: number | undefined, peakAfterLogins: number | undefined) {
  const peakMb = megabytes(peakRssBytes);
  if (peakMb === null) return null;
  return { peakMb, afterLoginsMb: megabytes(peakAfterLogins), targetMb: SERVER_RSS_TARGET_MB, ratio: peakMb / SERVER_RSS_TARGET_MB, met: peakMb <= SERVER_RSS_TARGET_MB };
}

/**
 * The bench database's committed and rolled-back transactions (pg_stat_database). Backends report
 * them when idle, at the latest 10 s after their last report: each reading first waits that out, so that the
 * phase's own transactions are all counted and the warm-up's are not.
 */
async function transactionsProbe(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    async count(): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, 10_500));
      const row = (await client.query<{ n: string }>("select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()")).rows[0];
      return Number(row?.n ?? 0);
    },
    close: () => client.end(),
  };
}

/** The first step of the housing request, as a person fills it (a few values vary from one save to the next). */
function draftForm(variant: number): Record<string, string> {
  return {
    "commune-souhaitee": "69123",
    "nombre-codemandeurs": String(variant % 2),
    "nom-usage": "Martin",
    "nom-naissance": "Martin",
    prenom: variant % 2 === 0 ? "Camille" : "Claire",
    "date-naissance": "14/05/1987",
    nationalite: "francaise",
    telephone: "06 12 34 56 78",
    action: "plus-tard",
  };
}

const one = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format;
const two = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format;

function formatReport(result: {
  database: string;
  accounts: number;
  requests: number;
  helpArticles: number;
  durationSeconds: number;
  serverLogLevel: string;
  node: string;
  cpus: number;
  cpuModel: string;
  loadAverageAtStart: number[];
  measures: Measure[];
  serverMemory: ReturnType<typeof serverMemory>;
}): string {
  const lines = [
    "",
    `Banc des pages Guichet — ${result.database} : ${result.accounts.toLocaleString("fr-FR")} comptes, ${result.requests.toLocaleString("fr-FR")} demandes, ${result.helpArticles.toLocaleString("fr-FR")} articles d'aide`,
    `Node ${result.node}, ${result.cpus} processeurs (${result.cpuModel}) ; journal du serveur ${result.serverLogLevel} ; charge au départ ${result.loadAverageAtStart.map(two).join(" / ")}`,
    "",
  ];
  for (const measure of result.measures) {
    const errors = Object.entries(measure.errors);
    const target = [
      measure.target.floorRatio ? `≥ ${two(measure.target.floorRatio)} du plancher` : "",
      measure.target.requestsPerSecond ? `≥ ${measure.target.requestsPerSecond.toLocaleString("fr-FR")} req/s` : "",
      measure.target.p95Ms ? `p95 ≤ ${measure.target.p95Ms} ms` : "",
      measure.target.p99Ms ? `p99 ≤ ${measure.target.p99Ms} ms` : "",
    ].filter(Boolean);
    const ratios = [
      measure.ratios.floor !== undefined ? `plancher ${two(measure.ratios.floor)}` : "",
      measure.ratios.requestsPerSecond !== undefined ? `débit ${two(measure.ratios.requestsPerSecond)}` : "",
      measure.ratios.p95 !== undefined ? `p95 ${two(measure.ratios.p95)}` : "",
      measure.ratios.p99 !== undefined ? `p99 ${two(measure.ratios.p99)}` : "",
    ].filter(Boolean);
    const cpu = measure.cpuPerRequestMs;
    lines.push(
      `  ${measure.label} — ${measure.concurrency} clients`,
      `    ${one(measure.requestsPerSecond)} req/s ; p50 / p95 / p99 ${one(measure.latencyMs.p50)} / ${one(measure.latencyMs.p95)} / ${one(measure.latencyMs.p99)} ms (max ${one(measure.latencyMs.max)})`,
      measure.floor
        ? `    plancher (route nue, session trouvée, ${measure.floor.bytes.toLocaleString("fr-FR")} octets) : ${one(measure.floor.requestsPerSecond)} req/s, p99 ${one(measure.floor.p99Ms)} ms → la page fait ${measure.floorRatio === null ? "?" : two(measure.floorRatio)} du plancher${Object.keys(measure.floor.errors).length > 0 ? ` ; erreurs du plancher : ${Object.entries(measure.floor.errors).map(([kind, n]) => `${kind} × ${n}`).join(", ")}` : ""}`
        : "    plancher non mesuré (--no-floor)",
      `    objectif ${target.join(", ")} ; mesuré / objectif : ${ratios.join(", ")} → ${measure.met ? "OK" : "ÉCHEC"}`,
      `    processeur par requête : ${cpuText(cpu)} ; charge ${two(measure.loadAverage.start)} → ${two(measure.loadAverage.end)}`,
      ...(measure.floor ? [`    processeur par requête du plancher : ${cpuText(measure.floor.cpuPerRequestMs)} → rapport attendu, processeurs saturés : ${cpuBoundText(measure.floor.cpuPerRequestMs, cpu)}`] : []),
      `    transactions PostgreSQL par requête (allers-retours hors transaction) : ${measure.transactionsPerRequest === null ? "?" : two(measure.transactionsPerRequest)} ; mémoire du serveur au plus haut jusqu'ici : ${measure.peakRssMb === null ? "?" : one(measure.peakRssMb)} Mo`,
      `    ${measure.requests} requêtes réussies${errors.length > 0 ? ` ; erreurs : ${errors.map(([kind, n]) => `${kind} × ${n}`).join(", ")}` : ""}`,
      "",
    );
  }
  const memory = result.serverMemory;
  lines.push(
    memory
      ? `  Mémoire résidente du serveur au plus haut, toutes pages confondues : ${one(memory.peakMb)} Mo (objectif ≤ ${memory.targetMb} Mo ; ${two(memory.ratio)}) → ${memory.met ? "OK" : "ÉCHEC"} ; après les connexions : ${memory.afterLoginsMb === null ? "?" : one(memory.afterLoginsMb)} Mo`
      : "  Mémoire résidente du serveur : non mesurée (hors Linux)",
  );
  return lines.join("\n");
}

await main();
