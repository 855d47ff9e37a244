import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}", "bench/**/*.test.ts"],
    // Each file opens its own database; two cores run two files at a time.
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
