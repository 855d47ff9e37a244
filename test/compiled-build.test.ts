import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = path.join(ROOT, "dist");

// `npm start` runs dist/, built by scripts/build.ts: the suite itself runs the sources through tsx,
// so what only the build does (kysely and TypeBox bundled into dist/vendor/) is checked here.
describe("the compiled build", () => {
  it("imports kysely and TypeBox from dist/vendor/ only, and its compiled database code runs on them", async () => {
    await promisify(execFile)(process.execPath, ["scripts/build.ts"], { cwd: ROOT });

    const compiled = (await readdir(DIST, { recursive: true })).filter((file) => file.endsWith(".js") && !file.startsWith("vendor"));
    const fromPackages: string[] = [];
    for (const file of compiled) {
      const text = await readFile(path.join(DIST, file), "utf8");
      if (/from "(kysely|@sinclair\/typebox)(\/[^"]*)?"/.test(text)) fromPackages.push(file);
    }
    expect(fromPackages).toEqual([]);

    // The compiled migrations and a compiled query module, through the vendored kysely, on PGlite.
    const { openDatabase } = (await import(path.join(DIST, "platform/db/database.js"))) as typeof import("../src/platform/db/database.ts");
    const { migrateToLatest } = (await import(path.join(DIST, "platform/db/migrate.js"))) as typeof import("../src/platform/db/migrate.ts");
    const accounts = (await import(path.join(DIST, "core/accounts/queries/accounts.js"))) as typeof import("../src/core/accounts/queries/accounts.ts");
    const handle = await openDatabase({});
    try {
      await migrateToLatest(handle.db);
      expect(await accounts.countAccountsWithIdentifiers(handle.db, ["personne"])).toBe(0);
    } finally {
      await handle.close();
    }

    // The vendored TypeBox (its entry and its value module, sharing their chunks) checks values.
    const vendoredTypebox = (await import(path.join(DIST, "vendor/sinclair-typebox.js"))) as typeof import("@sinclair/typebox");
    const vendoredValue = (await import(path.join(DIST, "vendor/sinclair-typebox-value.js"))) as typeof import("@sinclair/typebox/value");
    expect(vendoredValue.Value.Check(vendoredTypebox.Type.String({ minLength: 2 }), "ab")).toBe(true);
    expect(vendoredValue.Value.Check(vendoredTypebox.Type.String({ minLength: 2 }), "a")).toBe(false);
  }, 120_000);
});
