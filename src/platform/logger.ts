import pino, { type LoggerOptions } from "pino";
import type { Config } from "./config.ts";

/** JSON logs with request ids; secrets are removed wherever they might appear. */
export function loggerOptions(config: Config): LoggerOptions {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        "req.headers.cookie",
        "req.headers.authorization",
        'res.headers["set-cookie"]',
        "body.password",
        "body.*password*",
        "*.password",
        "*.token",
      ],
      censor: "[masqué]",
    },
    serializers: {
      // Query strings can carry tokens (activation links): log the path only.
      req: (request: { method: string; url: string; id: string }) => ({
        method: request.method,
        path: request.url.split("?")[0],
        id: request.id,
      }),
    },
  };
}

/**
 * Standard output, written asynchronously: lines written while a write is under way are joined,
 * instead of one system call per request (measured on bench:login). pino flushes it at exit.
 */
export function logDestination() {
  return pino.destination({ dest: 1, sync: false });
}

export function createLogger(config: Config) {
  return pino(loggerOptions(config), logDestination());
}
