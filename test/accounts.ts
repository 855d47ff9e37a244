import { randomBytes } from "node:crypto";
import type { Db } from "../src/platform/db/database.ts";
import type { Account, NewAccount } from "../src/platform/db/schema.ts";
import { insertAccount } from "../src/core/accounts/queries/accounts.ts";

const CREATED_AT = new Date("2026-03-01T09:00:00Z");

/**
 * An active account row for query tests, which never check a password: unlike buildAccount it
 * stores a placeholder hash, skipping Argon2id (about half a second per account on CI).
 */
export async function insertTestAccount(db: Db, overrides: Partial<NewAccount> = {}): Promise<Account> {
  const suffix = randomBytes(4).toString("hex");
  const account = await insertAccount(db, {
    identifier: `camille.${suffix}`,
    email: `camille.${suffix}@exemple.fr`,
    civility: "Mme",
    lastName: "Martin",
    firstName: "Camille",
    passwordHash: `placeholder-${suffix}`,
    status: "active",
    activatedAt: CREATED_AT,
    termsAcceptedAt: CREATED_AT,
    passwordChangedAt: CREATED_AT,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...overrides,
  });
  if (!account) throw new Error("insertTestAccount: identifier or address already taken");
  return account;
}
