import { randomBytes } from "node:crypto";
import type { Db } from "../src/platform/db/database.ts";
import type { Account, NewAccount } from "../src/platform/db/schema.ts";
import { insertAccount, insertPasswordHistory } from "../src/core/accounts/queries/accounts.ts";
import { hashPassword } from "../src/platform/security/passwords.ts";
import type { FastifyInstance } from "fastify";
import { TestBrowser } from "./app.ts";

/** An account as the tests need it: the stored row plus the password that opens it. */
export type BuiltAccount = Account & { password: string };

/** A password every rule accepts (four classes, 14 characters, not common, no identifier in it). */
export const DEFAULT_PASSWORD = "Kx7#mQ2p-Vélo9";

// One day before the test clock's default start, so accounts already exist when a test begins.
const CREATED_AT = new Date("2026-03-01T09:00:00Z");

/**
 * Inserts an active account through the real query, with a real Argon2id hash and the password
 * in its history (as registration does). Every field can be overridden; identifier and address
 * are unique by default.
 */
export async function buildAccount(db: Db, overrides: Partial<NewAccount> & { password?: string } = {}): Promise<BuiltAccount> {
  const { password = DEFAULT_PASSWORD, ...fields } = overrides;
  const suffix = randomBytes(4).toString("hex");
  const passwordHash = await hashPassword(password);
  const createdAt = fields.createdAt ?? CREATED_AT;
  const account = await insertAccount(db, {
    identifier: `camille.${suffix}`,
    email: `camille.${suffix}@exemple.fr`,
    civility: "Mme",
    lastName: "Martin",
    firstName: "Camille",
    passwordHash,
    status: "active",
    activatedAt: createdAt,
    termsAcceptedAt: createdAt,
    passwordChangedAt: createdAt,
    createdAt,
    updatedAt: createdAt,
    ...fields,
  });
  if (!account) throw new Error("buildAccount: identifier or address already taken");
  await insertPasswordHistory(db, account.id, account.passwordHash, createdAt);
  return { ...account, password };
}

/**
 * Logs the browser in through the real login form (POST /connexion); throws when the portal
 * does not answer with the redirect of a successful login.
 */
export async function logInAs(browser: TestBrowser, account: { identifier: string; password: string }, options: { userAgent?: string } = {}) {
  await browser.get("/connexion");
  const response = await browser.post(
    "/connexion",
    { login: account.identifier, password: account.password },
    options.userAgent ? { headers: { "user-agent": options.userAgent } } : {},
  );
  if (response.statusCode !== 303 || response.headers.location === "/connexion")
    throw new Error(`logInAs(${account.identifier}): login answered ${response.statusCode}`);
  return response;
}

/** An account and a browser already logged in to it: the start of most "Mon compte" tests. */
export async function signedInAccount(
  t: { app: FastifyInstance; deps: { db: Db } },
  overrides: Parameters<typeof buildAccount>[1] = {},
  options: { userAgent?: string } = {},
) {
  const account = await buildAccount(t.deps.db, overrides);
  const browser = new TestBrowser(t.app);
  await logInAs(browser, account, options);
  return { account, browser };
}
