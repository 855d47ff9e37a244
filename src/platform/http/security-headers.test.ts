import { describe, expect, it } from "vitest";
import Fastify from "fastify";
import helmet, { type HelmetOptions } from "helmet";
import { registerSecurityHeaders } from "./security-headers.ts";

const options: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: [] } },
  hsts: { maxAge: 63072000, includeSubDomains: true },
  referrerPolicy: { policy: "same-origin" },
  crossOriginEmbedderPolicy: false,
};

/** Everything but what changes from one answer to the next. */
function stable(headers: Record<string, unknown>) {
  const { date: _date, connection: _connection, "keep-alive": _keepAlive, ...rest } = headers;
  return rest;
}

describe("Security headers", () => {
  it("are those helmet sets itself on each response, recorded once at start, on pages and on answers written by hand", async () => {
    const recorded = Fastify();
    registerSecurityHeaders(recorded, options);
    recorded.get("/", async () => "ok");
    recorded.get("/brut", (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { "content-type": "text/plain" }).end("brut");
    });

    // What helmet's own middleware sets when it runs on every request.
    const live = Fastify();
    const middleware = helmet(options);
    live.addHook("onRequest", (request, reply, done) => middleware(request.raw, reply.raw, (error) => done(error as Error | undefined)));
    live.get("/", async () => "ok");

    const page = await recorded.inject("/");
    expect(stable(page.headers)).toEqual(stable((await live.inject("/")).headers));
    expect(page.headers["content-security-policy"]).toBe("default-src 'self';script-src 'self';frame-ancestors 'none';upgrade-insecure-requests");
    expect(page.headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(page.headers["referrer-policy"]).toBe("same-origin");

    const byHand = await recorded.inject("/brut");
    expect(byHand.headers["content-security-policy"]).toBe(page.headers["content-security-policy"]);
    expect(byHand.headers["x-frame-options"]).toBe("SAMEORIGIN");
    await Promise.all([recorded.close(), live.close()]);
  });
});
