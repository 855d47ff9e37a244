import path from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import type { Deps } from "./platform/http/deps.ts";
import { registerErrorHandlers, routeFrameworkErrorsAgain } from "./ui/error-handler.ts";
import { csrfCookieName, registerSessionHook } from "./platform/http/auth.ts";
import { refuseNulCharacters } from "./platform/http/nul-characters.ts";
import { registerSecurityHeaders } from "./platform/http/security-headers.ts";
import { rateLimitStorage } from "./platform/rate-limit/rate-limit.ts";
import { closeObjectStorage } from "./platform/storage/object-storage.ts";
import type { DestinationStream } from "pino";
import { logDestination, loggerOptions } from "./platform/logger.ts";
import { featureRoutes } from "./features/index.ts";
import { observeRequests } from "./platform/metrics.ts";
import { holdActiveServicesInMemory } from "./core/organisations/service-catalogue.ts";
import { holdSessionsInMemory } from "./platform/sessions/kept-sessions.ts";
import { TOUCH_EVERY_MS } from "./platform/sessions/sessions.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** A server-to-server endpoint (no browser form, so no CSRF token); it authenticates its caller itself. */
    skipCsrf?: boolean;
  }
}

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public");

/** Builds the web application around its dependencies; `start.ts` and the tests both call this. */
export async function buildApp(deps: Deps, options: { logger?: boolean; logStream?: DestinationStream } = {}): Promise<FastifyInstance> {
  const production = deps.config.env === "production";
  const app: FastifyInstance = Fastify({
    logger: options.logger === false ? false : { ...loggerOptions(deps.config), stream: options.logStream ?? logDestination() },
    trustProxy: deps.config.trustProxy,
    bodyLimit: 256 * 1024,
    genReqId: () => crypto.randomUUID(),
    // One line per request (below) instead of Fastify's two: half the log volume on the hot paths.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: routeFrameworkErrorsAgain(() => app),
  });

  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:", ...logoOrigin(deps.config.brand.logoUrl)],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        // The captcha solves its proof of work in workers loaded from our own files.
        workerSrc: ["'self'"],
        // FranceConnect's button and Guichet's logout leave by a form for FranceConnect's pages.
        formAction: ["'self'", ...originOf(deps.config.franceConnect?.issuer)],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: production ? { maxAge: 63072000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(csrf, {
    cookieKey: csrfCookieName(deps.config),
    cookieOpts: { path: "/", httpOnly: true, sameSite: "lax", secure: production },
  });
  // A coarse per-IP ceiling against floods; login failures have their own growing delays (throttles).
  // Counted where every process sees it: Redis, PostgreSQL, or memory on the embedded database.
  await app.register(rateLimit, {
    ...(await rateLimitStorage(app, deps)),
    global: true,
    max: deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (request) => request.url.startsWith("/static/"),
    // The ceiling's headers only on the refusal (with Retry-After): a browser reads none of them on
    // a page, and each response carried three (the partner API keeps them: features/partner-api).
    addHeadersOnExceeding: { "x-ratelimit-limit": false, "x-ratelimit-remaining": false, "x-ratelimit-reset": false },
  });
  await app.register(fastifyStatic, { root: publicDir, prefix: "/static/", index: false, maxAge: production ? "7d" : 0 });

  // The S3 client's sockets (when S3_URL is set) close with the app.
  app.addHook("onClose", async () => closeObjectStorage(deps.config));
  // The services catalogue in memory, dropped on each change (LISTEN/NOTIFY), closed with the app.
  const servicesInMemory = await holdActiveServicesInMemory(deps);
  app.addHook("onClose", () => servicesInMemory.close());
  // The sessions read, kept for the minute after they were seen, dropped on each change (the same way).
  const sessionsInMemory = await holdSessionsInMemory(deps, { freshForMs: TOUCH_EVERY_MS });
  app.addHook("onClose", () => sessionsInMemory.close());
  app.addHook("preHandler", refuseNulCharacters);

  // Every state-changing request carries the CSRF token of the form it came from (except
  // server-to-server endpoints, which say so: a partner's back-channel logout).
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return done();
    if (request.routeOptions.config.skipCsrf === true) return done();
    app.csrfProtection(request, reply, done);
  });

  app.addHook("onResponse", (request, reply, done) => {
    request.log.info(
      { method: request.method, path: request.url.split("?")[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      "request",
    );
    done();
  });

  observeRequests(app);
  registerSessionHook(app, deps);
  registerErrorHandlers(app, deps);
  for (const routes of featureRoutes) await routes(app, deps);
  return app;
}

function logoOrigin(logoUrl: string): string[] {
  return originOf(logoUrl);
}

function originOf(url: string | undefined): string[] {
  try {
    return url ? [new URL(url).origin] : [];
  } catch {
    return [];
  }
}
