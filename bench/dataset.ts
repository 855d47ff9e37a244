import os from "node:os";

/** What `bench:data` generates and `bench:pages` relies on: the bench database and its known accounts. */

export const DEFAULT_BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench";

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
