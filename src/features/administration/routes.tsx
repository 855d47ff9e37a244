import type { FastifyInstance } from "fastify";
import { requirePlatformAdmin } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { renderPage } from "../../ui/render.ts";
import { AdministrationPage } from "./views.tsx";

/** The platform admins' home: every administration page starts from here. */
export function administrationRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/administration", { preHandler: requirePlatformAdmin }, (request, reply) => renderPage(deps, request, reply, AdministrationPage, {}));
}
