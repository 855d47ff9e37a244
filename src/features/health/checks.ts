import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Deps } from "../../platform/http/deps.ts";
import { smtpServerAnswers } from "../../platform/mail/smtp-check.ts";
import { objectStorageFor } from "../../platform/storage/object-storage.ts";
import { uploadsDirectory } from "../../platform/uploads/uploads.ts";

/** What a check answers: working, not answering, or not set up on this installation. */
export type CheckState = "ok" | "unavailable" | "not-configured";

/**
 * One component `/health` reports under its own name. A critical component down makes `/health`
 * answer 503 (the process cannot serve pages: take it out of rotation); a non-critical one only
 * marks the answer "degraded" (mail: the queue keeps the mails until the server is back, and
 * every process would be taken out at once for a fault none of them can fix).
 */
export interface HealthCheck {
  name: string;
  critical: boolean;
  check(): Promise<CheckState>;
}

/** The database answers `select 1`. */
export function databaseCheck(deps: Pick<Deps, "pingDatabase">): HealthCheck {
  return {
    name: "database",
    critical: true,
    check: async () => ((await deps.pingDatabase().catch(() => false)) ? "ok" : "unavailable"),
  };
}

/** How long the mail server's answer is reused: a monitor polling every second opens no SMTP session each time. */
export const MAIL_CHECK_CACHE_MS = 5_000;

/** The SMTP server greets and answers EHLO (cached a few seconds); without SMTP_URL, not configured. */
export function mailServerCheck(deps: Pick<Deps, "config">, options: { cacheMs?: number } = {}): HealthCheck {
  const cacheMs = options.cacheMs ?? MAIL_CHECK_CACHE_MS;
  let last: { at: number; state: Promise<CheckState> } | undefined;
  return {
    name: "mail",
    critical: false,
    check: () => {
      const smtpUrl = deps.config.smtpUrl;
      if (!smtpUrl) return Promise.resolve("not-configured");
      const now = Date.now();
      // Concurrent checks share one SMTP session: the pending answer is cached, not only the result.
      if (!last || now - last.at >= cacheMs) last = { at: now, state: smtpServerAnswers(smtpUrl).then((up) => (up ? "ok" : "unavailable")) };
      return last.state;
    },
  };
}

/**
 * Where uploaded files live answers: the S3-compatible bucket when S3_URL is set (the store's own
 * ping), else the local directory accepts a file (written, then removed).
 */
export function localStorageCheck(deps: Pick<Deps, "config">): HealthCheck {
  return {
    name: "storage",
    critical: true,
    check: async () => {
      if (deps.config.objectStorage) return (await objectStorageFor(deps.config).ping().catch(() => false)) ? "ok" : "unavailable";
      const directory = uploadsDirectory(deps);
      const probe = path.join(directory, `.health-${randomUUID()}`);
      try {
        await mkdir(directory, { recursive: true });
        await writeFile(probe, "ok");
        return "ok";
      } catch {
        return "unavailable";
      } finally {
        await rm(probe, { force: true }).catch(() => undefined);
      }
    },
  };
}

/** The checks of this installation; the composition root (features/index.ts) may add its own. */
export function defaultHealthChecks(deps: Deps): HealthCheck[] {
  return [databaseCheck(deps), mailServerCheck(deps), localStorageCheck(deps)];
}
