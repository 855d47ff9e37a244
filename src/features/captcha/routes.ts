import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";

/**
 * `GET /captcha/challenge`: a fresh proof-of-work challenge for the ALTCHA widget of
 * `<CaptchaField>`. Never cached: each challenge is accepted once.
 */
export function captchaRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/captcha/challenge", async (_request, reply) => {
    const challenge = await deps.captcha.createChallenge();
    return reply.header("cache-control", "no-store").type("application/json; charset=utf-8").send(challenge);
  });
}
