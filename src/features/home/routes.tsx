import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";
import { renderPage } from "../../ui/render.ts";
import { HomePage } from "./views.tsx";

export function homeRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/", (request, reply) => renderPage(deps, request, reply, HomePage, {}));
}
