/**
 * `npm run bench:mail`: how fast one process drains the mail queue (issue 14: ≥ 50 mails/s).
 *
 * Queues `--mails` mails (1,000 by default) on a fresh database, as use cases do (a `mails` row
 * and its `send-mail` job in one transaction), then starts this process's job workers, exactly
 * as main.ts does, against an SMTP server (smtp-server) in this same process, and times the
 * drain: from the workers' start until every mail was accepted by the server and every job
 * completed. The SMTP server reads each message in full and answers 250, so its CPU is spent in
 * this process too: the figure is a floor.
 *
 * PostgreSQL when DATABASE_URL is given (a new database guichet_bench_…, dropped afterwards),
 * otherwise PGlite in a temporary directory. `--json` prints one JSON line (bench/run-all.ts).
 */
import fs from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { sql } from "kysely";
import { systemClock } from "../src/platform/clock.ts";
import { readConfig } from "../src/platform/config.ts";
import { openDatabase, type DatabaseHandle } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { createDeps } from "../src/platform/deps.ts";
import { registerJobHandlers } from "../src/features/jobs.ts";
import { createServerDatabase } from "../test/database.ts";

export const MAIL_TARGET_PER_SECOND = 50;

export interface MailBenchResult {
  database: "pglite" | "postgresql";
  mails: number;
  seconds: number;
  mailsPerSecond: number;
  ratio: number;
  duplicates: number;
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} doit être un entier positif (reçu « ${raw} »)`);
  return value;
}

async function freshDatabase(serverUrl: string | undefined): Promise<{ handle: DatabaseHandle; kind: MailBenchResult["database"]; remove(): Promise<void> }> {
  if (!serverUrl) {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "guichet-bench-mail-"));
    const handle = await openDatabase({ dataDir });
    return { handle, kind: "pglite", remove: () => fs.rm(dataDir, { recursive: true, force: true }) };
  }
  const database = await createServerDatabase("guichet_bench", serverUrl);
  const handle = await openDatabase({ databaseUrl: database.url, log: pino({ level: "silent" }) });
  return { handle, kind: "postgresql", remove: database.drop };
}

/** An SMTP server that accepts every message once read in full; counts them by subject. */
async function startSmtpServer() {
  const accepted = new Map<string, number>();
  let total = 0;
  let onAccepted = () => {};
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 2048) head += chunk.toString("latin1");
      });
      stream.on("end", () => {
        const subject = /^Subject: (.*)$/m.exec(head)?.[1]?.trim() ?? "";
        accepted.set(subject, (accepted.get(subject) ?? 0) + 1);
        total += 1;
        onAccepted();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.on("error", () => {});
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    accepted,
    get total() {
      return total;
    },
    waitFor(count: number, timeoutMs: number) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${total} courriels reçus en ${timeoutMs / 1000} s, ${count} attendus`)), timeoutMs);
        onAccepted = () => {
          if (total >= count) {
            clearTimeout(timer);
            resolve();
          }
        };
        onAccepted();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function runMailBench(options: { mails: number; databaseUrl: string | undefined; progress?: (line: string) => void }): Promise<MailBenchResult> {
  const progress = options.progress ?? (() => {});
  const smtp = await startSmtpServer();
  const database = await freshDatabase(options.databaseUrl);
  const log = pino({ level: "silent" });
  try {
    await migrateToLatest(database.handle.db);
    const config = readConfig({ NODE_ENV: "test", SMTP_URL: smtp.url });
    const deps = await createDeps({ config, database: database.handle, clock: systemClock, log });
    try {
      progress(`mise en file de ${options.mails} courriels…`);
      const body = "Bonjour,\n\nVotre demande arrive à échéance dans un mois : pensez à la renouveler.\n";
      for (let first = 0; first < options.mails; first += 100) {
        await deps.db.transaction().execute(async (trx) => {
          for (let index = first; index < Math.min(first + 100, options.mails); index += 1)
            await deps.mailer.queue(trx, `usager${index}@example.fr`, { subject: `Rappel ${index}`, text: body, html: `<p>${body}</p>` });
        });
      }
      progress("envoi…");
      const started = performance.now();
      await registerJobHandlers(deps);
      await smtp.waitFor(options.mails, 600_000);
      // Drained means the jobs are done too, not only the mails handed over.
      for (;;) {
        const { rows } = await sql<{ left: number }>`select count(*)::int as left from pgboss.job where name = 'send-mail' and state <> 'completed'`.execute(deps.db);
        if ((rows[0]?.left ?? 1) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const seconds = (performance.now() - started) / 1000;
      const mailsPerSecond = options.mails / seconds;
      const duplicates = [...smtp.accepted.values()].filter((count) => count > 1).length;
      return { database: database.kind, mails: options.mails, seconds, mailsPerSecond, ratio: mailsPerSecond / MAIL_TARGET_PER_SECOND, duplicates };
    } finally {
      await deps.jobs.stop();
    }
  } finally {
    await database.handle.close();
    await database.remove();
    await smtp.close();
  }
}

if (import.meta.filename === process.argv[1]) {
  const mails = option("mails", 1000);
  const result = await runMailBench({ mails, databaseUrl: process.env.DATABASE_URL || undefined, progress: (line) => process.stderr.write(`${line}\n`) });
  if (process.argv.includes("--json")) console.log(JSON.stringify(result));
  else {
    console.log(`Envoi des courriels en file, un processus (${result.database === "postgresql" ? "PostgreSQL" : "PGlite"}), serveur SMTP local`);
    console.log(`  ${result.mails} courriels en ${result.seconds.toFixed(2)} s : ${result.mailsPerSecond.toFixed(1)} courriels/s`);
    console.log(`  objectif ≥ ${MAIL_TARGET_PER_SECOND}/s : ${result.ratio >= 1 ? "OK" : "ÉCHEC"} (rapport ${result.ratio.toFixed(2)})`);
    console.log(`  courriels reçus deux fois : ${result.duplicates}`);
    console.log(`  charge de la machine au départ : ${os.loadavg()[0]?.toFixed(2)} sur ${os.cpus().length} cœurs`);
  }
}
