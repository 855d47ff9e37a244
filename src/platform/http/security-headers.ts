import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/**
 * Helmet's security headers (Content-Security-Policy, HSTS, Referrer-Policy…) on every answer.
 * Our options are the same for every request (no nonce, no function of the request), so helmet
 * runs once, at start, on a response that only records what it sets; each request then gets those
 * headers in one call. The Fastify wrapper (@fastify/helmet) built helmet's middleware again at
 * each request (3.8 % of a dashboard sent from memory), and the middleware's chain of twelve steps
 * still cost 2.9 % of a draft's save (issue 14).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const headers = Object.entries(headersSetBy(helmet(options)));
  // On the raw response, as helmet does: the pages that write it themselves (the OpenID provider) get them too.
  app.addHook("onRequest", (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

function headersSetBy(middleware: (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}
