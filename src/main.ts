import "./platform/compile-cache.ts";
import { buildApp } from "./app.ts";
import { systemClock } from "./platform/clock.ts";
import { ConfigError, readConfig } from "./platform/config.ts";
import { DatabaseInUseError, openDatabase } from "./platform/db/database.ts";
import { migrateToLatest } from "./platform/db/migrate.ts";
import { createDeps } from "./platform/deps.ts";
import { createLogger } from "./platform/logger.ts";
import { isFirstProcess, startWorkers } from "./platform/cluster.ts";
import { registerJobHandlers, startSchedules } from "./features/jobs.ts";
import { seedDemoData } from "./demo/seed-demo-data.ts";
import { developmentFranceConnect } from "./demo/franceconnect/development.ts";

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
  await migrateToLatest(database.db);
  const deps = await createDeps({ config, database, clock: systemClock, log });
  await registerJobHandlers(deps);
  const stopSchedules = startSchedules(deps);
  if (config.env === "development" && isFirstProcess()) {
    const demo = await seedDemoData(deps);
    if (demo) printDemoAccounts(demo, config.publicUrl);
  }
  const app = await buildApp(deps);
  const shutdown = async () => {
    stopSchedules();
    await app.close();
    await deps.jobs.stop();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  await app.listen({ port: config.port, host: config.host });
  console.log(`\n${config.brand.name} est prêt : http://${config.host}:${config.port} (liens des courriels : ${config.publicUrl})\n`);
  if (standIn) {
    standIn.start().then(
      (issuer) =>
        console.log(
          `FranceConnect de test (bac à sable local) : ${issuer}\n` +
            `  Sur « Se connecter » ou « Créer un compte », cliquez sur « S'identifier avec FranceConnect » et choisissez une identité de test.\n` +
            `  Pour un vrai FranceConnect, renseignez FRANCECONNECT_ISSUER, FRANCECONNECT_CLIENT_ID et FRANCECONNECT_CLIENT_SECRET.\n`,
        ),
      (error: unknown) => log.warn({ err: error }, "the FranceConnect stand-in did not start: FranceConnect's button will say it is unavailable"),
    );
  }
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

// WORKERS=N: this process supervises N workers (platform/cluster.ts), each of which runs main().
if (!(await startWorkers())) await main();
