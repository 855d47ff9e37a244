import type { FastifyInstance } from "fastify";
import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";

/**
 * Does what the browser widget does: fetches a challenge from GET /captcha/challenge, solves
 * its proof of work for real, and returns the payload to post in the `altcha` field.
 */
export async function solveCaptcha(app: FastifyInstance): Promise<string> {
  const response = await app.inject({ method: "GET", url: "/captcha/challenge" });
  if (response.statusCode !== 200) throw new Error(`GET /captcha/challenge answered ${response.statusCode}`);
  const challenge = response.json<Challenge>();
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 20_000 });
  if (!solution) throw new Error("The captcha challenge could not be solved in time");
  const payload = { challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution };
  return Buffer.from(JSON.stringify(payload)).toString("base64");
}

/**
 * The "short wait" token a page carries for browsers without JavaScript: the hidden `altcha`
 * field inside the captcha's `<noscript>`, which such a browser posts with the form.
 */
export function waitTokenIn(page: string): string {
  const match = /<noscript>(?:(?!<\/noscript>)[\s\S])*?<input type="hidden" name="altcha" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error("No plain-HTML captcha (short wait token) on this page");
  return match[1];
}
