import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/app.ts";

describe("error pages", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: "20" } });
  });
  afterAll(() => t.close());

  it("answer too many requests from one address with a French 429 page", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      const page = await t.app.inject({ url: "/", remoteAddress: "127.9.9.9" });
      statuses.push(page.statusCode);
      // The ceiling's counts travel only with the refusal, not on every page.
      if (page.statusCode === 200) expect(page.headers["x-ratelimit-remaining"]).toBeUndefined();
    }
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    const refused = await t.app.inject({ url: "/", remoteAddress: "127.9.9.9" });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain("Trop de demandes");
    expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
    expect(refused.headers["x-ratelimit-remaining"]).toBe("0");
    expect((await t.app.inject({ url: "/", remoteAddress: "127.9.9.10" })).statusCode).toBe(200);
  });

  it("answer a request the form would never send (unsupported body) in French, not with a 500", async () => {
    const response = await t.app.inject({ method: "POST", url: "/connexion", headers: { "content-type": "application/xml" }, payload: "<a/>" });
    expect(response.statusCode).toBe(415);
    expect(response.body).toContain("Format non accepté");
  });

  it("show a French 500 page with a reference and no internals when the database fails", async () => {
    await t.deps.db.destroy();
    const response = await t.app.inject({ url: "/", headers: { cookie: "guichet_session=anything" } });
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain("Erreur inattendue");
    expect(response.body).toContain("Référence de l&#39;incident");
    expect(response.body).not.toMatch(/at .*\.ts:\d+|Error:|stack/i);
  });
});
