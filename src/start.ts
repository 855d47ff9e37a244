import { buildApp } from "./app.ts";
import { systemClock } from "./platform/clock.ts";
import { ConfigError, readConfig } from "./platform/config.ts";
import { DatabaseInUseError, openDatabase } from "./platform/db/database.ts";
import { migrateToLatest } from "./platform/db/migrate.ts";
import { createDeps } from "./platform/deps.ts";
import { createLogger } from "./platform/logger.ts";
import { isFirstProcess, startWorkers } from "./platform/cluster.ts";
import { registerJobHandlers, startSchedules } from "./features/jobs.ts";
import { demoApiPartner, seedDemoApi } from "./demo/seed-demo-api.ts";
import { demoAccountList, demoSeeded, seedDemoData } from "./demo/seed-demo-data.ts";
import { developmentFranceConnect } from "./demo/franceconnect/development.ts";
import { markReady, markStopping } from "./features/health/routes.ts";
import { startupWarnings } from "./features/health/startup-warnings.ts";
import { smtpServerAnswers } from "./platform/mail/smtp-check.ts";

/** How long a stopping process waits for its requests and jobs before it exits anyway. */
const SHUTDOWN_LIMIT_MS = 30_000;
/** How long after it listens a process on the embedded database starts its job workers. */
const WORK_DELAY_EMBEDDED_MS = 1000;
/**
 * How long after it listens a development process starts what the first page does not need: the
 * local FranceConnect stand-in, and the completion of an earlier start's demo data.
 */
const DEVELOPMENT_EXTRAS_DELAY_MS = 1000;

async function main() {
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // In development without FranceConnect settings, the local stand-in plays FranceConnect.
  const standIn = config.env === "development" && !config.franceConnect ? developmentFranceConnect(config) : undefined;
  if (standIn) config = { ...config, franceConnect: standIn.settings };
  const log = createLogger(config);
  let database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  } catch (error) {
    if (error instanceof DatabaseInUseError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // An unreachable server would otherwise end in a driver's stack trace from the migrations.
  if (config.databaseUrl && !(await database.ping())) {
    console.error(
      `Impossible de joindre la base de données PostgreSQL désignée par DATABASE_URL (${describeDatabaseUrl(config.databaseUrl)}) : vérifiez qu'elle est démarrée, que l'adresse est la bonne et qu'elle accepte la connexion.`,
    );
    await database.close().catch(() => undefined);
    process.exit(1);
  }
  await migrateToLatest(database.db);
  const deps = await createDeps({ config, database, clock: systemClock, log });
  // The demo (development): seeded before the portal listens on the first start. Later starts find
  // its accounts (one query) and run the seeding again, which only adds what is missing (a quarter
  // of a second of queries), a second after listening, off the first page's path.
  const seedDemo = () => seedDemoData(deps).then(() => seedDemoApi(deps));
  let completeDemoLater = false;
  if (config.env === "development" && isFirstProcess()) {
    if (await demoSeeded(deps.db)) completeDemoLater = true;
    else await seedDemo();
    printDemoAccounts(demoAccountList(), config.publicUrl);
    printDemoApi(demoApiPartner, config.publicUrl);
  }
  const app = await buildApp(deps);
  // SIGTERM (a deployment, a supervisor) or SIGINT (Ctrl+C): /health/ready answers 503 at once
  // while the process keeps serving for SHUTDOWN_DELAY_MS (a load balancer notices and sends new
  // visitors elsewhere; each response meanwhile closes its connection), then it stops taking
  // requests and lets those in flight finish (Fastify's close), hands the jobs still running back
  // to the queue, closes the database and exits 0. A second signal exits at once.
  let stopping = false;
  let stopSchedules = () => {};
  let workStart: NodeJS.Timeout | undefined;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} reçu pendant l'arrêt : arrêt immédiat.`);
      process.exit(1);
    }
    stopping = true;
    clearTimeout(workStart);
    markStopping(app);
    stopSchedules();
    if (config.shutdownDelayMs > 0) {
      log.info({ signal, delayMs: config.shutdownDelayMs }, "shutdown: readiness off, still serving while the load balancer notices");
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    }
    log.info({ signal }, "shutdown: finishing requests in flight and handing jobs back");
    setTimeout(() => {
      console.error(`Arrêt forcé : les requêtes et tâches en cours n'ont pas fini en ${SHUTDOWN_LIMIT_MS / 1000} s.`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    try {
      await app.close();
      log.info("shutdown: requests finished");
      await deps.jobs.stop();
      log.info("shutdown: jobs stopped");
      await database.close();
    } catch (error) {
      log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void shutdown(signal));
  process.on("SIGTERM", (signal) => void shutdown(signal));
  await app.listen({ port: config.port, host: config.host });
  // The job workers start once the pages are served. On the embedded database, which runs one
  // statement at a time, their first fetches (one per queue, on cold tables: 200 ms) would come
  // before the first visitor's page: there they start a second later.
  const startWork = async () => {
    if (stopping) return;
    await registerJobHandlers(deps);
    stopSchedules = startSchedules(deps);
  };
  if (database.kind === "pglite") workStart = setTimeout(() => void startWork().catch((error: unknown) => log.error({ err: error }, "the job workers did not start")), WORK_DELAY_EMBEDDED_MS);
  else await startWork();
  // Production warns once about settings an operator almost certainly did not mean.
  const mailServerAnswers = config.env === "production" && config.smtpUrl ? await smtpServerAnswers(config.smtpUrl) : undefined;
  for (const warning of startupWarnings(config, { mailServerAnswers })) log.warn(warning);
  markReady(app);
  console.log(`\n${config.brand.name} est prêt : http://${config.host}:${config.port} (liens des courriels : ${config.publicUrl})\n`);
  const afterFirstPage = (task: () => Promise<unknown>) =>
    setTimeout(() => {
      if (!stopping) void task();
    }, DEVELOPMENT_EXTRAS_DELAY_MS);
  if (completeDemoLater) afterFirstPage(() => seedDemo().catch((error: unknown) => log.warn({ err: error }, "the demo data could not be completed")));
  // The stand-in's imports (oidc-provider, Koa: 270 modules, a third of a second) would hold up
  // the first visitor's page: it starts a second after the portal listens.
  if (standIn && isFirstProcess()) {
    const startStandIn = () => standIn.start().then(
      (issuer) =>
        console.log(
          `FranceConnect de test (bac à sable local) : ${issuer}\n` +
            `  Sur « Se connecter » ou « Créer un compte », cliquez sur « S'identifier avec FranceConnect » et choisissez une identité de test.\n` +
            `  Pour un vrai FranceConnect, renseignez FRANCECONNECT_ISSUER, FRANCECONNECT_CLIENT_ID et FRANCECONNECT_CLIENT_SECRET.\n`,
        ),
      (error: unknown) => log.warn({ err: error }, "the FranceConnect stand-in did not start: FranceConnect's button will say it is unavailable"),
    );
    afterFirstPage(startStandIn);
  }
}

/** A connection string without its password: host, port and database name. */
function describeDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const database = url.pathname.replace(/^\//, "") || "postgres";
  return `serveur ${url.hostname}:${url.port || "5432"}, base ${database}${url.username ? `, utilisateur ${decodeURIComponent(url.username)}` : ""}`;
}

function printDemoAccounts(accounts: { identifier: string; password: string; role: string }[], publicUrl: string) {
  console.log("\nComptes de démonstration :");
  // Columns as wide as their longest entry, so that the list stays a table whatever the roles.
  const roleWidth = Math.max(...accounts.map((account) => account.role.length));
  const identifierWidth = Math.max(...accounts.map((account) => account.identifier.length));
  for (const account of accounts) {
    console.log(`  ${account.role.padEnd(roleWidth)}  identifiant ${account.identifier.padEnd(identifierWidth)}  mot de passe ${account.password}`);
  }
  console.log(`Les courriels envoyés se lisent sur ${publicUrl}/dev/courriels\n`);
}

function printDemoApi(partner: { name: string; token: string }, publicUrl: string) {
  console.log(`API des partenaires : jeton de démonstration de « ${partner.name} » (tous les droits) :\n  ${partner.token}`);
  console.log(`  curl -H "Authorization: Bearer ${partner.token}" ${publicUrl}/api/v1/demarches`);
  console.log(`  Référence : ${publicUrl}/api/reference\n`);
}

// WORKERS=N: this process supervises N workers (platform/cluster.ts), each of which runs main().
if (!(await startWorkers())) await main();
