import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount } from "../../../test/builders.ts";
import { solveCaptcha } from "../../../test/captcha.ts";
import { tokenFromLatestMail } from "../../../test/mails.ts";

describe("logs", () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    t = await createTestApp({ logStream: stream, env: { LOG_LEVEL: "info" } });
  });
  afterAll(() => t.close());

  it("are JSON lines with a request id, and never hold passwords, tokens or cookies", async () => {
    const password = "Secret-Du-Test-42!";
    const browser = new TestBrowser(t.app);
    await browser.get("/creer-un-compte");
    await browser.post("/creer-un-compte", {
      identifier: "log.test",
      password,
      passwordConfirmation: password,
      civility: "Mme",
      lastName: "Journal",
      firstName: "Test",
      email: "log.test@exemple.fr",
      emailConfirmation: "log.test@exemple.fr",
      terms: "oui",
      altcha: await solveCaptcha(t.app),
    });
    const token = await tokenFromLatestMail(t.deps.db, "log.test@exemple.fr", "/activer-mon-compte");
    await browser.get(`/activer-mon-compte?jeton=${token}`);
    const account = await buildAccount(t.deps.db, { password });
    await browser.get("/connexion");
    await browser.post("/connexion", { login: account.identifier, password });
    const session = browser.cookie("guichet_session");

    expect(lines.length).toBeGreaterThan(3);
    const entries = lines.map((line) => JSON.parse(line) as { reqId?: string; path?: string });
    expect(entries.filter((entry) => entry.path === "/connexion").every((entry) => typeof entry.reqId === "string")).toBe(true);
    const all = lines.join("\n");
    expect(all).not.toContain(password);
    expect(all).not.toContain(token);
    expect(session && all.includes(session)).toBe(false);
  });
});
