import type { FastifyInstance } from "fastify";
import type { Deps } from "../platform/http/deps.ts";
import { homeRoutes } from "./home/routes.tsx";

/** Each feature registers its own routes; this list is the portal's table of contents. */
export const featureRoutes: ((app: FastifyInstance, deps: Deps) => Promise<void> | void)[] = [
  homeRoutes,
];
