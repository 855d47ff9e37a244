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
 * The login's floor (bench/login.ts), POST /plancher/connexion: the least any login that opens a
 * session shared by several processes must do — read the form, find the account's Argon2id hash by
 * its identifier (one indexed query), verify the password with the application's own
 * `verifyPassword`, write the session's token hash (one insert) and answer 303 with its cookie.
 * No CSRF, no throttles, no audit event, no logging: what the login costs beyond this is Guichet's
 * own work, and what this costs beyond the raw verifications is the machine's (HTTP and the
 * database on the same cores as the hashes).
 *
 * Run by bench/pages.ts and bench/login.ts in its own process: `tsx bench/floor-server.ts` with
 * DATABASE_URL and PORT.
 */
import Fastify from "fastify";
import pg from "pg";
import { verifyPassword } from "../src/platform/security/passwords.ts";
import { generateToken, hashToken } from "../src/platform/security/tokens.ts";

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

// The form as browsers send it; one small parser, as Fastify has none for it.
app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
  done(null, Object.fromEntries(new URLSearchParams(body as string)));
});

const findAccount = { name: "floor_account", text: "select id, password_hash from accounts where lower(identifier) = $1" };
const insertSession = {
  name: "floor_session",
  text: `insert into sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ip, user_agent)
    values ($1, $2, now(), now(), now() + interval '12 hours', $3, $4)`,
};

app.post<{ Body: { login?: string; password?: string } }>("/plancher/connexion", async (request, reply) => {
  const { login = "", password = "" } = request.body ?? {};
  const found = await pool.query<{ id: string; password_hash: string }>({ ...findAccount, values: [login.trim().toLowerCase()] });
  const account = found.rows[0];
  if (!account || !(await verifyPassword(account.password_hash, password))) return reply.code(422).send("refusé");
  const token = generateToken();
  await pool.query({ ...insertSession, values: [hashToken(token), account.id, request.ip, request.headers["user-agent"] ?? ""] });
  return reply.header("set-cookie", `guichet_session=${token}; Path=/; HttpOnly; SameSite=Lax`).redirect("/tableau-de-bord", 303);
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
