import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";

export async function organisationsRoutes(app: FastifyInstance, deps: Deps) {
  void app;
  void deps;
}
