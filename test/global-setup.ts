import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import type { TestProject } from "vitest/node";
import { openDatabase, type DatabaseHandle } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { startJobs } from "../src/platform/jobs.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a PGlite dump with migrations and the job schema applied. */
    pgliteTemplate: string | undefined;
    /** Name of a PostgreSQL database, on DATABASE_URL's server, with migrations and the job schema applied. */
    postgresTemplate: string | undefined;
  }
}

/** Applies every migration and pg-boss's schema and queues: what each test file would otherwise do. */
async function prepare(handle: DatabaseHandle) {
  await migrateToLatest(handle.db);
  const jobs = await startJobs(handle, pino({ level: "silent" }));
  await jobs.stop();
}

/**
 * Migrating a new database costs about a second, and creating an embedded cluster several: with
 * a hundred test files (and each journey's server) that was minutes of every run. So the migrated
 * database (with pg-boss's schema) is built once per run, and each test file starts from a copy:
 * - PGlite: a dump of the cluster's files, which `createTestDatabase` loads (`loadDataDir`);
 * - PostgreSQL: a template database on DATABASE_URL's server, which `createTestDatabase` copies
 *   (`create database … template …`, a file copy on the server), dropped at the end of the run.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) return setUpPostgresTemplate(project, serverUrl);
  const handle = await openDatabase({});
  await prepare(handle);
  const dump = await handle.dump!();
  await handle.close();
  const file = path.join(os.tmpdir(), `guichet-test-template-${randomBytes(6).toString("hex")}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rm(file, { force: true });
}

async function setUpPostgresTemplate(project: TestProject, serverUrl: string) {
  // Named for this run: several runs may share the server (another worktree, CI).
  const name = `guichet_test_template_${randomBytes(6).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const drop = () => admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: url.toString() });
    try {
      await prepare(handle);
    } finally {
      // A template must have no session open while it is copied.
      await handle.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  project.provide("postgresTemplate", name);
  return drop;
}
