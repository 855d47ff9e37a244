import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Clock } from "../src/platform/clock.ts";
import type { Db } from "../src/platform/db/database.ts";
import type { UploadRecord } from "../src/platform/uploads/uploads.ts";
import type { Account, NewAccount } from "../src/platform/db/schema.ts";
import { insertAccount } from "../src/core/accounts/queries/accounts.ts";
import { hashPassword } from "../src/platform/security/passwords.ts";
import { DEFAULT_PASSWORD } from "./builders.ts";
import { findPublishedDefinition } from "../src/core/procedures/queries.ts";
import { insertUpload } from "../src/core/requests/queries/requests.ts";
import { buildRequest, type TestProcedure } from "./instruction.ts";
import { publishTestProcedure } from "./request-claims.ts";
import { createTestDatabase } from "./database.ts";

/** A database of its own for a query test file, with the fixed clock its rows are dated by. */
export type QueryTestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/**
 * A published procedure of its own (the small test definition under a new slug, prefix ES), for
 * a test that counts or lists a procedure's requests and must not see the other tests' ones.
 */
export async function publishedProcedure(deps: { db: Db; clock: Clock }, slug: string): Promise<TestProcedure> {
  await publishTestProcedure(deps, slug);
  const published = await findPublishedDefinition(deps.db, slug);
  if (!published) throw new Error(`publishedProcedure: ${slug} not published`);
  return { id: published.procedureId, versionId: published.versionId, slug };
}

let passwordHash: Promise<string> | undefined;

/**
 * An active account for query tests, which never log in: like buildAccount, but its Argon2id
 * hash is computed once per file (a third of a second each, dozens of accounts per file).
 */
export async function buildPerson(db: Db, fields: Partial<NewAccount> = {}): Promise<Account> {
  passwordHash ??= hashPassword(DEFAULT_PASSWORD);
  const suffix = randomBytes(4).toString("hex");
  const createdAt = new Date("2026-03-01T09:00:00Z");
  const account = await insertAccount(db, {
    identifier: `camille.${suffix}`,
    email: `camille.${suffix}@exemple.fr`,
    civility: "Mme",
    lastName: "Martin",
    firstName: "Camille",
    passwordHash: await passwordHash,
    status: "active",
    activatedAt: createdAt,
    termsAcceptedAt: createdAt,
    passwordChangedAt: createdAt,
    createdAt,
    updatedAt: createdAt,
    ...fields,
  });
  if (!account) throw new Error("buildPerson: identifier or address already taken");
  return account;
}

/**
 * A request as the applicant's side leaves it (buildRequest, numbered with the test prefix ES),
 * its applicant built by buildPerson unless given; filed on 3 March unless told.
 */
export async function buildRequestRow(db: Db, input: Omit<Parameters<typeof buildRequest>[1], "prefix" | "filedAt"> & { filedAt?: Date }) {
  const applicant = input.applicant ?? (await buildPerson(db));
  return buildRequest(db, { prefix: "ES", filedAt: new Date("2026-03-03T10:00:00Z"), ...input, applicant });
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** The description of a stored file, saved through the real query (the bytes are not needed here). */
export async function buildUpload(db: Db, fields: Partial<UploadRecord> = {}): Promise<UploadRecord> {
  const key = Array.from(randomBytes(34), (byte) => BASE32[byte % 32]).join("");
  const upload: UploadRecord = {
    id: randomUUID(),
    storageKey: `${key.slice(0, 2)}/${key.slice(2)}`,
    originalName: "budget.pdf",
    detectedType: "pdf",
    size: 2048,
    sha256: randomBytes(32).toString("hex"),
    createdAt: new Date("2026-03-02T09:00:00Z"),
    ...fields,
  };
  await insertUpload(db, upload);
  return upload;
}

/**
 * Runs `work` in a transaction and, on PostgreSQL, checks from another connection that the row
 * is locked while the transaction is open and free once it ends: what a `for update` query is
 * for. PGlite is one connection (no other session can try the row), so there the work only runs.
 */
export async function expectRowLocked<T>(db: Db, table: string, id: string, work: (trx: Db) => Promise<T>): Promise<T> {
  // The test databases are PostgreSQL exactly when DATABASE_URL is set (test/database.ts).
  const onPostgres = Boolean(process.env.DATABASE_URL);
  const takeable = async () => (await sql<{ id: string }>`select id from ${sql.table(table)} where id = ${id} for update skip locked`.execute(db)).rows.length === 1;
  const result = await db.transaction().execute(async (trx) => {
    const outcome = await work(trx);
    if (onPostgres && (await takeable())) throw new Error(`expectRowLocked: ${table} ${id} is not locked`);
    return outcome;
  });
  if (onPostgres && !(await takeable())) throw new Error(`expectRowLocked: ${table} ${id} is still locked`);
  return result;
}
