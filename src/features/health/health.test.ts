import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildApp } from "../../app.ts";

describe("health endpoint", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("answers 200 with the database ok when the database responds, and is never cached", async () => {
    const response = await t.app.inject("/health");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", database: "ok" });
    expect(response.headers["content-type"]).toContain("application/json");
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("answers 503 degraded when the database does not respond", async () => {
    // The whole application over the same deps, except a ping that reports the database down.
    const app = await buildApp({ ...t.deps, pingDatabase: async () => false }, { logger: false });
    const response = await app.inject("/health");
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "degraded", database: "unavailable" });
    expect(response.headers["cache-control"]).toBe("no-store");
    await app.close();
  });
});

describe("health endpoint once the database is closed", () => {
  it("reports the database unavailable with 503", async () => {
    const t = await createTestApp();
    try {
      await t.deps.db.destroy();
      expect(await t.deps.pingDatabase()).toBe(false);
      const response = await t.app.inject("/health");
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: "degraded", database: "unavailable" });
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
