import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cpuBoundRatio, formatReport, loginRatio, parseOptions, percentile, rawSpread, summarizeLatencies, UsageError, type BenchResult } from "./measure.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

describe("The login bench's measures", () => {
  it("takes nearest-rank percentiles", () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it("sorts latencies numerically before summarising them", () => {
    const summary = summarizeLatencies([100, 9, 20, 3, 1000, 5, 7, 8, 2, 1]);
    expect(summary).toEqual({ count: 10, p50: 7, p95: 1000, p99: 1000, max: 1000 });
  });

  it("compares logins with the mean of the raw runs, against 0.85", () => {
    expect(loginRatio(85, [90, 110])).toEqual({ raw: 100, ratio: 0.85, targetMet: true });
    expect(loginRatio(84, [100, 100]).targetMet).toBe(false);
    expect(loginRatio(10, []).ratio).toBe(0);
    expect(rawSpread([80, 100])).toBeCloseTo(0.2);
    expect(rawSpread([100])).toBe(0);
    expect(cpuBoundRatio(24, { serverMs: 26, clientMs: 2, databaseMs: null })).toBeCloseTo(24 / 28);
    expect(cpuBoundRatio(24, { serverMs: 20, clientMs: 2, databaseMs: 2 })).toBe(1);
  });

  it("reads its flags, with defaults from the CPU count", () => {
    expect(parseOptions([], 2)).toEqual({ duration: 10, warmup: 2, concurrency: 4, accounts: 200, rounds: 1, floor: true, json: false, logLevel: "info" });
    expect(parseOptions(["--duration", "3", "--concurrency=8", "--accounts", "5", "--rounds", "3", "--warmup", "0", "--no-floor", "--json", "--log-level", "warn"], 2)).toEqual({
      duration: 3,
      warmup: 0,
      concurrency: 8,
      accounts: 5,
      rounds: 3,
      floor: false,
      json: true,
      logLevel: "warn",
    });
    for (const wrong of [["--duration", "0"], ["--concurrency", "1.5"], ["--accounts"], ["--speed", "1"], ["extra"], ["--log-level", "loud"]])
      expect(() => parseOptions(wrong, 2)).toThrow(UsageError);
  });

  it("prints the verdict and warns when the raw runs disagree", () => {
    const result: BenchResult = {
      floor: null,
      loginsPerSecond: 60,
      rawVerificationsPerSecond: 80,
      rawRuns: [100, 60],
      rawSpread: 0.4,
      ratio: 0.75,
      target: 0.85,
      targetMet: false,
      latencyMs: { count: 600, p50: 60, p95: 90, p99: 120.25, max: 200 },
      logins: 600,
      errors: { "HTTP 429": 2 },
      csrfTokenReused: true,
      database: "pglite",
      concurrency: 4,
      durationSeconds: 10,
      warmupSeconds: 2,
      accounts: 200,
      rateLimitPerMinute: 1_000_000_000,
      serverLogLevel: "info",
      threadPoolSize: 4,
      rounds: 1,
      cpuPerLoginMs: { serverMs: 4, clientMs: 0.5, databaseMs: null },
      cpuPerRawVerificationMs: 24,
      cpuBoundRatio: 0.84,
      node: "v24.0.0",
      cpus: 2,
      cpuModel: "test",
      loadAverageAtStart: 0.5,
    };
    const report = formatReport(result);
    expect(report).toContain("0,75, objectif ≥ 0,85 : ÉCHEC");
    expect(report).toContain("60,0 / 90,0 / 120,3 ms");
    expect(report).toContain("HTTP 429 : 2");
    expect(report).toContain("80,0 (moyenne de 100,0 et 60,0)");
    expect(report).toContain("4,0 ms serveur + 0,5 ms client");
    expect(report).not.toContain("PostgreSQL");
    expect(report).toContain("RATE_LIMIT_PER_MINUTE=1000000000");
    expect(report).toContain("la machine n'était pas au repos");
    expect(report).not.toContain("Plancher");
    expect(formatReport({ ...result, rawRuns: [80, 80], rawSpread: 0, ratio: 0.9, targetMet: true })).toContain("0,90, objectif ≥ 0,85 : OK");
    const withFloor = formatReport({
      ...result,
      floor: { loginsPerSecond: 70, ratioToRaw: 0.875, loginRatio: 60 / 70, errors: {}, cpuPerLoginMs: { serverMs: 2, clientMs: 0.5, databaseMs: 0.75 } },
    });
    expect(withFloor).toContain("Plancher : connexions par seconde");
    expect(withFloor).toContain("70,0 (route nue");
    expect(withFloor).toMatch(/Plancher \/ brut +0,88 /);
    expect(withFloor).toMatch(/Connexions \/ plancher +0,86 /);
    expect(withFloor).toContain("2,0 ms serveur + 0,5 ms client + 0,8 ms PostgreSQL");
  });
});

describe("npm run bench:login", () => {
  it("logs in through HTTP and measures raw Argon2id in one short run", { timeout: 180_000 }, async () => {
    // The database follows DATABASE_URL like the bench itself: PGlite without it, PostgreSQL with it.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "bench/login.ts", "--duration", "1", "--warmup", "0.5", "--accounts", "6", "--concurrency", "2", "--json"],
      { cwd: projectRoot, env: process.env, timeout: 170_000 },
    );
    const result = JSON.parse(stdout) as BenchResult;
    expect(result.errors).toEqual({});
    expect(result.logins).toBeGreaterThan(0);
    expect(result.csrfTokenReused).toBe(true);
    // raw, logins, raw (, floor, raw on PostgreSQL)
    expect(result.rawRuns).toHaveLength(process.env.DATABASE_URL ? 3 : 2);
    expect(result.rawRuns.every((run) => run > 0)).toBe(true);
    expect(result.ratio).toBeCloseTo(result.loginsPerSecond / result.rawVerificationsPerSecond);
    expect(result.latencyMs.p50).toBeLessThanOrEqual(result.latencyMs.p99);
    expect(result.cpuPerLoginMs.serverMs).toBeGreaterThan(0);
    expect(result.cpuPerRawVerificationMs).toBeGreaterThan(0);
    expect(result.cpuPerLoginMs.databaseMs === null).toBe(!process.env.DATABASE_URL);
    expect(result.database).toBe(process.env.DATABASE_URL ? "postgresql" : "pglite");
    // The floor's logins, beside Guichet's, where a second process can open the database.
    if (process.env.DATABASE_URL) {
      expect(result.floor?.errors).toEqual({});
      expect(result.floor?.loginsPerSecond).toBeGreaterThan(0);
      expect(result.floor?.loginRatio).toBeCloseTo(result.loginsPerSecond / (result.floor?.loginsPerSecond ?? 0));
    } else expect(result.floor).toBeNull();
  });
});
