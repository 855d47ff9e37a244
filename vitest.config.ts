import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}", "bench/**/*.test.ts"],
    // Each file opens its own database; two cores run two files at a time.
    pool: "forks",
    // The two workers are kept from file to file, with the modules they have loaded: importing
    // the application for each file cost a third of the suite's time. Each file still gets its
    // own database and app (createTestApp), and must undo what it changes of the process
    // (listeners, environment), as src/platform/db/database-restart.test.ts does.
    isolate: false,
    globalSetup: ["test/global-setup.ts"],
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
