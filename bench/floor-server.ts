/**
 * The floor a page is measured against (bench/pages.ts): a bare Fastify route on the same
 * database that does the least any authenticated page must do — read the session cookie, find the
 * session by its token's hash (one indexed query, on a pool the size of the application's) and
 * answer `?octets=N` bytes of HTML. No template, no CSRF, no logging, no other query.
 *
 * Whatever a page costs beyond this floor is the application's own work; the page's throughput
 * divided by the floor's, at the same concurrency and on the same machine in the same run, is a
 * ratio that does not depend on how fast or busy the machine is.
 *
 * Run by bench/pages.ts in its own process: `tsx bench/floor-server.ts` with DATABASE_URL and PORT.
 */
import Fastify from "fastify";
import pg from "pg";
import { hashToken } from "../src/platform/security/tokens.ts";

const databaseUrl = process.env.DATABASE_URL;
const port = Number(process.env.PORT);
if (!databaseUrl || !Number.isInteger(port)) {
  console.error("DATABASE_URL et PORT sont attendus.");
  process.exit(2);
}

// The application's pool holds 10 connections (src/platform/db/database.ts): the same here.
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const SESSION_COOKIE = /(?:^|;\s*)guichet_session=([^;]+)/;
const bodies = new Map<number, Buffer>();

/** The same bytes every time for a size: building them is not part of the floor. */
function bodyOf(size: number): Buffer {
  let body = bodies.get(size);
  if (!body) {
    body = Buffer.alloc(size, "a");
    bodies.set(size, body);
  }
  return body;
}

const app = Fastify({ logger: false });

app.get<{ Querystring: { octets?: string } }>("/plancher", async (request, reply) => {
  const size = Math.min(Math.max(Number(request.query.octets) || 0, 0), 5_000_000);
  const token = SESSION_COOKIE.exec(request.headers.cookie ?? "")?.[1];
  const found = token ? await pool.query("select account_id from sessions where token_hash = $1 and expires_at > now()", [hashToken(decodeURIComponent(token))]) : undefined;
  // An anonymous page (the help's search) has no session to find; an unknown cookie is an error.
  if (token && found?.rowCount !== 1) return reply.code(401).send("session inconnue");
  return reply.type("text/html; charset=utf-8").send(bodyOf(size));
});

app.get("/health", async () => "ok");

await app.listen({ host: "127.0.0.1", port });

const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
