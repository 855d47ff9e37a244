import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { demoApiPartner, seedDemoApi } from "./seed-demo-api.ts";

describe("the demo partner of the public API", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("creates the partner and its printed token once, and the token reads the API", async () => {
    expect(await seedDemoApi(t.deps)).toEqual(demoApiPartner);
    await seedDemoApi(t.deps);
    expect(await t.deps.db.selectFrom("apiTokens").select(["prefix", "scopes"]).execute()).toEqual([{ prefix: demoApiPartner.token.slice(0, 10), scopes: [...demoApiPartner.scopes] }]);
    const listed = await t.app.inject({ method: "GET", url: "/api/v1/demarches", headers: { authorization: `Bearer ${demoApiPartner.token}` } });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toHaveProperty("demarches");
    const refused = await t.app.inject({ method: "GET", url: "/api/v1/demarches", headers: { authorization: `Bearer ${demoApiPartner.token}x` } });
    expect(refused.statusCode).toBe(401);
  });
});
