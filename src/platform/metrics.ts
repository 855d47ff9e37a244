/**
 * Prometheus metrics (prom-client) of this process, read at `/metrics` (features/health). One
 * registry per process, as Prometheus scrapes each process as its own target: requests by route
 * pattern and status, their latencies, jobs done and failed per queue, mails sent and refused,
 * logins that succeeded and failed, and Node's own figures (memory, event loop, garbage collector).
 *
 * Counters only ever grow; Prometheus computes the rates. Labels are bounded: the route pattern
 * (`/demandes/:id`, never the address typed), the status code, the queue name, two outcomes.
 */
import type { FastifyInstance } from "fastify";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: "guichet_" });

const httpRequests = new Counter({
  name: "guichet_http_requests_total",
  help: "Requêtes HTTP servies, par méthode, modèle de route et statut",
  labelNames: ["method", "route", "status"] as const,
  registers: [metricsRegistry],
});

const httpDuration = new Histogram({
  name: "guichet_http_request_duration_seconds",
  help: "Durée des requêtes HTTP, par méthode et modèle de route",
  labelNames: ["method", "route"] as const,
  // From a cached page to a slow export: the targets (p99 ≤ 50 ms, p95 ≤ 100 ms) fall on a bucket.
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const jobs = new Counter({
  name: "guichet_jobs_total",
  help: "Tâches de fond terminées, par file et résultat (completed, failed)",
  labelNames: ["queue", "outcome"] as const,
  registers: [metricsRegistry],
});

const mails = new Counter({
  name: "guichet_mails_total",
  help: "Courriels remis au serveur SMTP (sent) ou refusés par lui ou injoignable (failed)",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

const logins = new Counter({
  name: "guichet_logins_total",
  help: "Connexions réussies (success) et échouées (failure)",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

/**
 * Each series' own counter, looked up by one string instead of prom-client hashing the labels
 * again at every response (issue 14: a kept dashboard's server time is mostly such small costs).
 * Bounded like the labels themselves.
 */
const requestSeries = new Map<string, { count: { inc(): void }; duration: { observe(seconds: number): void } }>();

/** Counts every response by its route pattern (`unmatched` for addresses no route serves). */
export function observeRequests(app: FastifyInstance) {
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let series = requestSeries.get(key);
    if (!series) {
      series = { count: httpRequests.labels(request.method, route, String(reply.statusCode)), duration: httpDuration.labels(request.method, route) };
      requestSeries.set(key, series);
    }
    series.count.inc();
    series.duration.observe(reply.elapsedTime / 1000);
    done();
  });
}

/** A job's outcome (platform/jobs.ts calls it). */
export function countJob(queue: string, outcome: "completed" | "failed") {
  jobs.inc({ queue, outcome });
}

/** A mail handed to the SMTP server, or not (platform/mail/mailer.ts). */
export function countMail(outcome: "sent" | "failed") {
  mails.inc({ outcome });
}

/** A login, by password or FranceConnect (counted where its audit event is written). */
export function countLogin(outcome: "success" | "failure") {
  logins.inc({ outcome });
}
