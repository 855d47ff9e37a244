import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount } from "../../../test/builders.ts";

// The test database comes from the test helper, so a production configuration can run here.
describe("in production", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        NODE_ENV: "production",
        PUBLIC_URL: "https://aides.exemple.fr",
        SMTP_URL: "smtp://127.0.0.1:2525",
        DATABASE_URL: "postgres://unused@127.0.0.1/unused",
        MAIL_FROM: "Aides <ne-pas-repondre@aides.exemple.fr>",
      },
    });
  });
  afterAll(() => t.close());

  it("names the session and CSRF cookies with __Host- and marks them Secure", async () => {
    const account = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    const page = await browser.get("/connexion");
    const csrfCookie = String(page.headers["set-cookie"]);
    expect(csrfCookie).toMatch(/__Host-guichet_csrf=[^;]+;.*Secure/i);
    const response = await browser.post("/connexion", { login: account.identifier, password: account.password });
    expect(response.statusCode).toBe(303);
    const sessionCookie = ([] as string[]).concat(response.headers["set-cookie"] ?? []).find((c) => c.startsWith("__Host-guichet_session="));
    expect(sessionCookie).toMatch(/; Path=\//);
    expect(sessionCookie).toMatch(/Secure/);
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    expect(sessionCookie).not.toMatch(/Domain=/i);
  });

  it("sends HSTS and upgrades insecure requests", async () => {
    const response = await t.app.inject("/");
    expect(response.headers["strict-transport-security"]).toContain("max-age=63072000");
    expect(String(response.headers["content-security-policy"])).toContain("upgrade-insecure-requests");
  });

  it("serves no development mailbox", async () => {
    const response = await t.app.inject("/dev/courriels");
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain("Boîte aux lettres de développement");
  });
});
