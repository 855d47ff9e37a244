import fs from "node:fs";
import os from "node:os";

/** What `bench:data` generates and `bench:pages` relies on: the bench database and its known accounts. */

/** Where Debian's PostgreSQL opens its Unix socket. */
const LOCAL_SOCKET_DIRECTORY = "/var/run/postgresql";

/**
 * The bench database: through PostgreSQL's Unix socket when this machine has one, as a portal on
 * the machine of its database should connect (README, `DATABASE_URL`). Measured on the bench
 * machine (2 virtual processors): 1,668 dashboards a second against 1,569 over loopback TCP, the
 * draft the same. The report says which way it went.
 */
export const DEFAULT_BENCH_DATABASE_URL = fs.existsSync(`${LOCAL_SOCKET_DIRECTORY}/.s.PGSQL.5432`)
  ? `postgres://postgres@localhost/guichet_bench?host=${encodeURIComponent(LOCAL_SOCKET_DIRECTORY)}`
  : "postgres://postgres@127.0.0.1:5432/guichet_bench";

/** How the URL reaches PostgreSQL, for the reports: its Unix socket or TCP. */
export function transportOf(url: string): string {
  const parsed = new URL(url);
  const host = parsed.searchParams.get("host") ?? parsed.hostname;
  return host.startsWith("/") ? `socket Unix ${host}` : `TCP ${host}:${parsed.port || "5432"}`;
}

/** The password of the accounts the page bench logs in with (hashed once, the hash reused). */
export const BENCH_PASSWORD = "Banc-Pages-2026!";

/** Applicants `banc.1` … `banc.<n>` have BENCH_PASSWORD; the others a password nobody knows. */
export const applicantLogin = (index: number) => `banc.${index}`;
/** Agents `agent.banc.1` … all have BENCH_PASSWORD. */
export const agentLogin = (index: number) => `agent.banc.${index}`;

/** Only a database whose name says it is a bench database may be dropped by `--reset`. */
export function isBenchDatabaseName(name: string): boolean {
  return /^guichet_bench(_[a-z0-9_]+)?$/.test(name);
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** The same server, another database (the maintenance one to create or drop the bench database). */
export function withDatabase(url: string, name: string): string {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

/** 1-minute load average, to read every figure against the machine's other work. */
export const loadAverage = (): [number, number, number] => os.loadavg() as [number, number, number];
