import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { startJobs } from "../src/platform/jobs.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a PGlite dump with migrations and the job schema applied. */
    pgliteTemplate: string | undefined;
  }
}

/**
 * Creating an embedded cluster costs seconds; loading a dump of one costs a fraction of that.
 * So the migrated database (with pg-boss's schema) is built once per run, and each test file
 * starts from a copy.
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) return;
  const handle = await openDatabase({});
  await migrateToLatest(handle.db);
  const jobs = await startJobs(handle, pino({ level: "silent" }));
  await jobs.stop();
  const dump = await handle.dump!();
  await handle.close();
  const file = path.join(os.tmpdir(), `guichet-test-template-${randomBytes(6).toString("hex")}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rm(file, { force: true });
}
