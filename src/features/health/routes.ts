import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";
import { defaultHealthChecks, type CheckState, type HealthCheck } from "./checks.ts";
import { metricsRoute } from "./metrics-route.ts";

/** Where a process is in its life, for `/health/ready`. */
type Phase = "starting" | "ready" | "stopping";
const phases = new WeakMap<FastifyInstance, Phase>();

/**
 * Tells `/health/ready` that this process has finished starting (start.ts calls it once it listens
 * and its checks at start are done). Until then, and from the moment its shutdown begins, the
 * readiness answer is 503, so a load balancer sends it no new visitor.
 */
export function markReady(app: FastifyInstance) {
  if (phases.get(app) === "starting") phases.set(app, "ready");
}

/**
 * Tells `/health/ready` that this process is stopping, before it stops taking connections:
 * start.ts calls it at SIGTERM, then keeps serving for SHUTDOWN_DELAY_MS so that a load balancer
 * sees the 503 and sends new visitors elsewhere while this process still answers those it sends.
 */
export function markStopping(app: FastifyInstance) {
  phases.set(app, "stopping");
}

/**
 * The health routes over a list of named checks, which the composition root gives
 * (`healthRoutesWith((deps) => [...defaultHealthChecks(deps), s3Check(deps)])`):
 *
 * - `GET /health`: every check by name (`{ status, database, mail, storage }`, each `ok`,
 *   `unavailable` or `not-configured`), 503 when a critical one is unavailable, `degraded` when
 *   any is; for monitoring.
 * - `GET /health/ready`: 200 when the process takes visitors (started, not stopping, database
 *   answering), 503 otherwise; for load balancers.
 * - `GET /health/live`: 200 while the process answers at all; for a supervisor deciding to restart it.
 *
 * Never cached, no session needed; `/metrics` is served here too (metrics-route.ts).
 */
export function healthRoutesWith(checksOf: (deps: Deps) => HealthCheck[]) {
  return function healthRoutes(app: FastifyInstance, deps: Deps) {
    const checks = checksOf(deps);
    const database = checks.find((check) => check.name === "database");
    phases.set(app, "starting");
    // Fastify's close begins: new visitors go elsewhere while requests in flight finish.
    app.addHook("preClose", async () => {
      phases.set(app, "stopping");
    });
    // A response finished during the shutdown closes its connection: a kept-alive connection
    // left idle afterwards would hold the server's close until the client drops it.
    app.addHook("onSend", async (_request, reply) => {
      if (phases.get(app) === "stopping") reply.header("connection", "close");
    });

    app.get("/health", async (_request, reply) => {
      const states = await Promise.all(checks.map(async (check) => [check, await check.check().catch((): CheckState => "unavailable")] as const));
      const criticalDown = states.some(([check, state]) => check.critical && state === "unavailable");
      const anyDown = states.some(([, state]) => state === "unavailable");
      reply.header("cache-control", "no-store");
      return reply
        .status(criticalDown ? 503 : 200)
        .send({ status: anyDown ? "degraded" : "ok", ...Object.fromEntries(states.map(([check, state]) => [check.name, state])) });
    });

    app.get("/health/ready", async (_request, reply) => {
      reply.header("cache-control", "no-store");
      const phase = phases.get(app) ?? "starting";
      if (phase !== "ready") return reply.status(503).send({ status: phase });
      const databaseState = database ? await database.check().catch((): CheckState => "unavailable") : "ok";
      if (databaseState === "unavailable") return reply.status(503).send({ status: "unavailable", database: databaseState });
      return reply.status(200).send({ status: "ready" });
    });

    app.get("/health/live", async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return reply.status(200).send({ status: "alive" });
    });

    metricsRoute(app, deps);
  };
}

/** The health routes over the installation's default checks: database, mail server, local storage. */
export const healthRoutes = healthRoutesWith(defaultHealthChecks);
