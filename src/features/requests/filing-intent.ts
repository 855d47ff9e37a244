import type { FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../platform/db/database.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { readTicket, signTicket, storedSecret } from "../../platform/security/app-secrets.ts";

/**
 * "Déposer une demande" pressed before logging in: the browser keeps, for 30 minutes, a signed
 * cookie naming the procedure, so that the login's return address (a GET) may start the draft.
 * A GET alone never creates anything: only a browser that posted the form (CSRF-checked) carries
 * the cookie, and it is cleared when read.
 */
const LIFETIME_MS = 30 * 60 * 1000;
const keys = new WeakMap<Db, Promise<string>>();

function key(db: Db): Promise<string> {
  let secret = keys.get(db);
  if (!secret) {
    secret = storedSecret(db, "filing-intent");
    keys.set(db, secret);
    secret.catch(() => keys.delete(db));
  }
  return secret;
}

const cookieName = (deps: Pick<Deps, "config">) => (deps.config.env === "production" ? "__Host-guichet_depot" : "guichet_depot");
const cookieOptions = (deps: Pick<Deps, "config">) => ({ path: "/", httpOnly: true, sameSite: "lax" as const, secure: deps.config.env === "production" });

export async function rememberFilingIntent(deps: Pick<Deps, "db" | "clock" | "config">, reply: FastifyReply, slug: string): Promise<void> {
  const ticket = signTicket(await key(deps.db), slug, new Date(deps.clock.now().getTime() + LIFETIME_MS));
  reply.setCookie(cookieName(deps), ticket, { ...cookieOptions(deps), maxAge: LIFETIME_MS / 1000 });
}

/** Whether the browser pressed "Déposer une demande" for this procedure in the last 30 minutes; the cookie is cleared either way. */
export async function takeFilingIntent(deps: Pick<Deps, "db" | "clock" | "config">, request: FastifyRequest, reply: FastifyReply, slug: string): Promise<boolean> {
  const ticket = request.cookies[cookieName(deps)];
  if (!ticket) return false;
  reply.clearCookie(cookieName(deps), cookieOptions(deps));
  return readTicket(await key(deps.db), ticket, deps.clock.now()) === slug;
}
