import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";

/**
 * `GET /health` for load balancers and monitoring: 200 when the database answers, 503 otherwise,
 * so a process whose database is gone is taken out of rotation. Never cached, no session needed.
 */
export function healthRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/health", async (_request, reply) => {
    const databaseUp = await deps.pingDatabase().catch(() => false);
    reply.header("cache-control", "no-store");
    return databaseUp
      ? reply.status(200).send({ status: "ok", database: "ok" })
      : reply.status(503).send({ status: "degraded", database: "unavailable" });
  });
}
