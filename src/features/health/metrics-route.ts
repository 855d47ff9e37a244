import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";
import { metricsRegistry } from "../../platform/metrics.ts";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * `GET /metrics` in Prometheus's text format, for a scraper holding `Authorization: Bearer
 * <METRICS_TOKEN>`. Without METRICS_TOKEN the address does not exist (404): the portal's traffic
 * is not published by default. A wrong or missing token gets 401, compared in constant time.
 */
export function metricsRoute(app: FastifyInstance, deps: Pick<Deps, "config">) {
  const token = deps.config.metricsToken;
  if (!token) return;
  const expected = digest(`Bearer ${token}`);
  app.get("/metrics", async (request, reply) => {
    reply.header("cache-control", "no-store");
    const given = request.headers.authorization;
    if (!given || !timingSafeEqual(digest(given), expected)) {
      return reply.status(401).header("www-authenticate", 'Bearer realm="metrics"').type("text/plain; charset=utf-8").send("Jeton d'accès aux métriques absent ou incorrect.\n");
    }
    return reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
}
