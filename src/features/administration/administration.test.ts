import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";

describe("Administration du portail", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("lists the administration tools for a platform admin, linked from the header", async () => {
    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    const browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
    const home = await browser.get("/");
    expect(home.body).toContain('href="/administration"');
    const page = await browser.get("/administration");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Courriers à envoyer");
    expect(page.body).toContain("Registre des structures");
  });

  it("does not exist for anybody else", async () => {
    const person = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    await logInAs(browser, person);
    expect((await browser.get("/")).body).not.toContain('href="/administration"');
    expect((await browser.get("/administration")).statusCode).toBe(404);
    expect((await new TestBrowser(t.app).get("/administration")).statusCode).toBe(303);
  });
});
