import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";

/**
 * `GET /theme.css`: the deployment's brand colours as CSS custom properties, read by
 * /static/guichet.css. A stylesheet rather than an inline style, which the CSP forbids. The
 * colours were checked as #rrggbb (and for contrast) when the configuration was read.
 */
export function themeRoutes(app: FastifyInstance, deps: Deps) {
  const { primaryColor, primaryDarkColor } = deps.config.brand;
  const css = `:root {\n  --primary: ${primaryColor};\n  --primary-dark: ${primaryDarkColor};\n}\n`;
  app.get("/theme.css", (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=300").send(css),
  );
}
