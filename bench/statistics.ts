/**
 * `npm run bench:statistics`: how long the statistics page takes on the data set of `bench:data`
 * (PostgreSQL; DESIGN.md's target: under 300 ms at 2 M requests). In this process: the project's
 * migrations are applied to the data set first (0022 fills the statistics' summary tables from
 * the requests: its time is printed), then the real application (buildApp) answers
 * `GET /administration/statistiques` — the platform, each procedure, by month and by week — and a
 * CSV, for a platform admin `admin.banc` (created once with BENCH_PASSWORD), through Fastify's
 * inject: the time printed is the server's, without the network.
 *
 *   npm run bench:data -- --accounts 100000 --requests 200000   # a smaller data set, if 2 M is too slow here
 *   npm run bench:statistics -- [--rounds n]
 */
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { buildApp } from "../src/app.ts";
import { systemClock } from "../src/platform/clock.ts";
import { readConfig } from "../src/platform/config.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { createDeps } from "../src/platform/deps.ts";
import { createLogger } from "../src/platform/logger.ts";
import { hashPassword } from "../src/platform/security/passwords.ts";
import { insertAccount, findAccountByIdentifier } from "../src/core/accounts/queries/accounts.ts";
import { BENCH_PASSWORD, databaseNameOf, DEFAULT_BENCH_DATABASE_URL } from "./dataset.ts";
import { percentile } from "./measure.ts";

const TARGET_MS = 300;
const ADMIN = "admin.banc";

function roundsOf(argv: string[]): number {
  const at = argv.indexOf("--rounds");
  const rounds = at === -1 ? 20 : Number(argv[at + 1]);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds attend un entier ≥ 1.");
  return rounds;
}

async function main() {
  const rounds = roundsOf(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  process.env.NODE_ENV = "test";
  process.env.RATE_LIMIT_PER_MINUTE = "1000000000";
  const config = readConfig(process.env);
  const log = createLogger(config);
  const database = await openDatabase({ databaseUrl, dataDir: config.dataDir, log });
  const db = database.db;
  try {
    const started = performance.now();
    await migrateToLatest(db);
    console.log(`Migrations (dont 0022, les tables de synthèse remplies depuis les demandes) : ${Math.round(performance.now() - started)} ms.`);
    const { rows } = await sql<{ requests: string; accounts: string }>`select (select count(*) from requests) as requests, (select count(*) from accounts) as accounts`.execute(db);
    const counts = rows[0]!;
    if (Number(counts.requests) === 0) throw new Error(`Aucune demande dans ${databaseNameOf(databaseUrl)} : lancez d'abord npm run bench:data.`);
    console.log(`Données : ${Number(counts.accounts).toLocaleString("fr-FR")} comptes, ${Number(counts.requests).toLocaleString("fr-FR")} demandes (${databaseNameOf(databaseUrl)}).`);

    if (!(await findAccountByIdentifier(db, ADMIN))) {
      const now = new Date();
      await insertAccount(db, {
        identifier: ADMIN,
        email: "admin.banc@exemple.fr",
        civility: "Mme",
        lastName: "Banc",
        firstName: "Admin",
        role: "platform_admin",
        passwordHash: await hashPassword(BENCH_PASSWORD),
        status: "active",
        activatedAt: now,
        termsAcceptedAt: now,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      });
    }
    const deps = await createDeps({ config, database, clock: systemClock, log });
    const app = await buildApp(deps);
    try {
      const login = await app.inject({ method: "GET", url: "/connexion" });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? "";
      const cookies = () => Object.fromEntries(jar);
      const jar = new Map(login.cookies.map((cookie) => [cookie.name, cookie.value]));
      const posted = await app.inject({ method: "POST", url: "/connexion", cookies: cookies(), payload: { login: ADMIN, password: BENCH_PASSWORD, _csrf: csrf } });
      for (const cookie of posted.cookies) jar.set(cookie.name, cookie.value);
      if (posted.statusCode !== 303) throw new Error(`Connexion de ${ADMIN} refusée (statut ${posted.statusCode}).`);

      const slugs = (await db.selectFrom("procedures").select("slug").orderBy("slug").execute()).map((row) => row.slug);
      const urls = [
        "/administration/statistiques",
        "/administration/statistiques?periode=semaine",
        ...slugs.map((slug) => `/administration/statistiques?demarche=${encodeURIComponent(slug)}`),
        "/administration/statistiques/csv/groupes",
      ];
      let worst = 0;
      for (const url of urls) {
        const times: number[] = [];
        for (let round = 0; round <= rounds; round += 1) {
          const start = performance.now();
          const reply = await app.inject({ method: "GET", url, cookies: cookies() });
          const elapsed = performance.now() - start;
          if (reply.statusCode !== 200) throw new Error(`${url} : statut ${reply.statusCode}.`);
          if (round > 0) times.push(elapsed); // the first one warms up
        }
        times.sort((a, b) => a - b);
        const p50 = percentile(times, 50);
        const p95 = percentile(times, 95);
        worst = Math.max(worst, p95);
        console.log(`${url.padEnd(70)} p50 ${p50.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   max ${times.at(-1)!.toFixed(1).padStart(7)} ms`);
      }
      console.log(`Pire p95 : ${worst.toFixed(1)} ms pour une cible de ${TARGET_MS} ms : ${worst <= TARGET_MS ? "OK" : "ÉCHEC"} (rapport ${(worst / TARGET_MS).toFixed(2)}).`);
    } finally {
      await app.close();
      // The job queue's own connections (pg-boss) would keep the process running.
      await deps.jobs.stop();
    }
  } finally {
    await database.close();
  }
}

await main();
