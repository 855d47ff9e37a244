import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.{ts,tsx}"],
    // Each journey's server starts from a copy of a database migrated once per run (see there).
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    // A worker keeps its modules from one journey file to the next (as the unit tests do): each file
    // still starts its own server, database, SMTP server and browser, but the application's modules
    // are imported once per worker instead of once per file (7 s each; four files 68 → 48 s).
    isolate: false,
    // Two files at once: a journey is a chain (the server renders, then Chromium lays out and runs
    // axe), which keeps about one core busy, so a second file uses the other core of the CI
    // machine. Each file has its own server, database, SMTP server and browser.
    maxWorkers: 2,
    fileParallelism: true,
    // The longest journeys (an account from login to deletion, the aid request's whole loop
    // without JavaScript) passed within 120 s alone but reached it, and 170 s, with another suite
    // running beside them on this 2-core machine: a hang still fails, four minutes in.
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
