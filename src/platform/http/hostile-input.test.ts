import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, type TestProcedure } from "../../../test/instruction.ts";
import { buildPdf } from "../uploads/test-files.ts";
import { AFTER_RESPONSE, storedFileCount } from "../../../test/stored-files.ts";

/**
 * Issue 9's rule, for anything a visitor can send: no 500 and no raw error, but a French HTML page
 * with the security headers, and no error-level log line for what is the sender's fault.
 */
describe("answers to hostile input", () => {
  let t: TestApp;
  let dataDir: string;
  let aid: TestProcedure;
  const lines: string[] = [];
  const errorLines = () => lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "guichet-hostile-"));
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    t = await createTestApp({ logStream: stream, env: { LOG_LEVEL: "info", DATA_DIR: dataDir } });
    ({ aid } = await loadTestProcedures(t.deps));
  });
  beforeEach(() => {
    lines.length = 0;
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function expectFrenchPage(response: LightMyRequestResponse, status: number, title: string) {
    expect(response.statusCode).toBe(status);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toMatch(/^<!DOCTYPE html><html lang="fr">/);
    expect(response.body).toContain(`<h1>${title}</h1>`);
    expect(response.body).not.toMatch(/FST_|"statusCode"|Error:|at .*\.[jt]s:\d+/);
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
  }

  describe("return addresses (retour)", () => {
    const hostile: [string, string][] = [
      ["/€", "/%E2%82%AC"],
      ["/%E2%82%AC", "/%E2%82%AC"],
      ["/démarches?q=été#é", "/d%C3%A9marches?q=%C3%A9t%C3%A9#%C3%A9"],
      ["/x\u2028y", "/tableau-de-bord"],
      ["/a\u2029b", "/tableau-de-bord"],
      ["/\u0085", "/tableau-de-bord"],
      ["//evil.example", "/tableau-de-bord"],
      ["/\\evil.example", "/tableau-de-bord"],
      ["/.//evil.example", "/tableau-de-bord"],
      ["/\t/evil.example", "/tableau-de-bord"],
      ["javascript:alert(1)", "/tableau-de-bord"],
      ["https://evil.example/", "/tableau-de-bord"],
    ];

    it("log in and go to our own path, percent-encoded, or to the dashboard; each login leaves exactly one session, which the browser holds", async () => {
      const account = await buildAccount(t.deps.db);
      for (const [retour, location] of hostile) {
        const browser = new TestBrowser(t.app);
        const page = await browser.get(`/connexion?retour=${encodeURIComponent(retour)}`);
        expect(page.statusCode).toBe(200);
        const response = await browser.post("/connexion", { login: account.identifier, password: account.password, retour });
        expect(response.statusCode, retour).toBe(303);
        expect(response.headers.location, retour).toBe(location);
        expect(browser.cookie("guichet_session"), retour).toBeDefined();
      }
      const sessions = await t.deps.db.selectFrom("sessions").select("id").where("accountId", "=", account.id).execute();
      expect(sessions).toHaveLength(hostile.length);
      expect(errorLines()).toEqual([]);
    });

    it("keep only a safe, encoded return address in the login form", async () => {
      const browser = new TestBrowser(t.app);
      expect((await browser.get(`/connexion?retour=${encodeURIComponent("/€")}`)).body).toContain('name="retour" value="/%E2%82%AC"');
      expect((await browser.get(`/connexion?retour=${encodeURIComponent("/x\u2028y")}`)).body).not.toContain('name="retour"');
      expect((await browser.get(`/connexion?retour=${encodeURIComponent("//evil.example")}`)).body).not.toContain("evil.example");
    });
  });

  describe("a malformed address", () => {
    it("gets the French 400 page with the security headers, whatever the method, and no error in the logs", async () => {
      expectFrenchPage(await t.app.inject({ url: "/demandes/%C3%28" }), 400, "Adresse incorrecte");
      expectFrenchPage(await t.app.inject({ url: "/%" }), 400, "Adresse incorrecte");
      expectFrenchPage(await t.app.inject({ method: "POST", url: "/connexion%ZZ", payload: {} }), 400, "Adresse incorrecte");
      const browser = new TestBrowser(t.app);
      await logInAs(browser, await buildAccount(t.deps.db));
      expectFrenchPage(await browser.get("/demandes/%C3%28/general"), 400, "Adresse incorrecte");
      expect(errorLines()).toEqual([]);
    });

    it("gets a French 414 page when a part of it is longer than any address of the portal", async () => {
      expectFrenchPage(await t.app.inject({ url: `/demandes/${"a".repeat(150)}` }), 414, "Adresse trop longue");
    });

    it("with a malformed query string is read as well as it can be", async () => {
      expect((await t.app.inject({ url: "/connexion?retour=%E2%82" })).statusCode).toBe(200);
    });

    it("the page that answers them does not exist on its own", async () => {
      expectFrenchPage(await t.app.inject({ url: "/erreur-de-requete" }), 404, "Page non trouvée");
    });
  });

  describe("a body the forms would never send", () => {
    it("gets a French page with the security headers: bad JSON 400, unknown type 415, too large 413", async () => {
      expectFrenchPage(await t.app.inject({ method: "POST", url: "/connexion", headers: { "content-type": "application/json" }, payload: "{bad" }), 400, "Demande incorrecte");
      expectFrenchPage(await t.app.inject({ method: "POST", url: "/connexion", headers: { "content-type": "application/xml" }, payload: "<a/>" }), 415, "Format non accepté");
      expectFrenchPage(
        await t.app.inject({ method: "POST", url: "/connexion", headers: { "content-type": "multipart/form-data; boundary=x" }, payload: "--x--\r\n" }),
        415,
        "Format non accepté",
      );
      expectFrenchPage(
        await t.app.inject({ method: "POST", url: "/connexion", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: `login=${"a".repeat(70 * 1024)}` }),
        413,
        "Envoi trop volumineux",
      );
      expect(errorLines()).toEqual([]);
    });
  });

  describe("a NUL character, which PostgreSQL text cannot hold", () => {
    it("in a form field, a query or an address segment gets the French 400 page before reaching the database", async () => {
      const anonymous = new TestBrowser(t.app);
      await anonymous.get("/connexion");
      expectFrenchPage(await anonymous.post("/connexion", { login: "jean\u0000", password: "x" }), 400, "Demande incorrecte");
      await anonymous.get("/recuperer-mes-informations");
      expectFrenchPage(await anonymous.post("/recuperer-mes-informations/mot-de-passe", { login: "a\u0000b" }), 400, "Demande incorrecte");
      await anonymous.get("/activer-mon-compte/nouveau-lien");
      expectFrenchPage(await anonymous.post("/activer-mon-compte/nouveau-lien", { login: "a\u0000b" }), 400, "Demande incorrecte");
      const admin = new TestBrowser(t.app);
      await logInAs(admin, await buildAccount(t.deps.db, { role: "platform_admin" }));
      expectFrenchPage(await admin.get("/administration/demarches/%00"), 400, "Demande incorrecte");
      expectFrenchPage(await admin.get("/reinitialiser-mon-mot-de-passe?jeton=a%00b"), 400, "Demande incorrecte");
      expect(errorLines()).toEqual([]);
    });

    it("and a page number beyond any integer the database counts in is read as the first page, not a 500", async () => {
      expectFrenchPage(await t.app.inject({ url: "/dev/courriels?page=99999999999999999999" }), 200, "Boîte aux lettres de développement");
      expect(errorLines()).toEqual([]);
    });
  });

  describe("a multipart body cut before its closing boundary", () => {
    /** An applicant's request in the given status, the applicant signed in on the page of `pagePath`. */
    async function applicantOn(status: "draft" | "filed", pagePath: (requestId: string) => string) {
      const applicant = await buildAccount(t.deps.db);
      const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", applicant, filedAt: new Date("2026-03-01T09:00:00Z"), answers: AID_ANSWERS, status });
      const browser = new TestBrowser(t.app);
      await logInAs(browser, applicant);
      expect((await browser.get(pagePath(request.id))).statusCode).toBe(200);
      return { browser, requestId: request.id };
    }

    /** The form as the browser starts sending it — token, then the given parts — and no closing boundary unless `closed`. */
    function postTruncated(browser: TestBrowser, url: string, parts: string[], options: { closed?: boolean } = {}) {
      const boundary = "----guichet-truncated";
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrfToken()}\r\n`),
        ...parts.map((part) => Buffer.from(`--${boundary}\r\n${part}`)),
        Buffer.from(options.closed ? `--${boundary}--\r\n` : ""),
      ]);
      const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
      return t.app.inject({ method: "POST", url, remoteAddress: browser.ip, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload });
    }

    const storedFiles = () => storedFileCount(t.deps);
    const fileStart = async (field: string) => `Content-Disposition: form-data; name="${field}"; filename="budget.pdf"\r\nContent-Type: application/pdf\r\n\r\n${(await buildPdf()).toString("latin1").slice(0, 400)}`;

    it("on the messages page: a French 400 page, no message, no file kept, no error in the logs", async () => {
      const { browser, requestId } = await applicantOn("filed", (id) => `/demandes/${id}/messagerie`);
      const url = `/demandes/${requestId}/messagerie`;
      const before = await storedFiles();
      expectFrenchPage(await postTruncated(browser, url, ['Content-Disposition: form-data; name="message"\r\n\r\nBonjour, voici']), 400, "Envoi incomplet");
      expectFrenchPage(await postTruncated(browser, url, ['Content-Disposition: form-data; name="message"\r\n\r\nBonjour\r\n', await fileStart("piece-jointe")]), 400, "Envoi incomplet");
      await expect.poll(storedFiles, AFTER_RESPONSE).toBe(before);
      const messages = await t.deps.db.selectFrom("requestEvents").select("id").where("requestId", "=", requestId).where("event", "like", "message.%").execute();
      expect(messages).toHaveLength(0);
      expect(errorLines()).toEqual([]);
    });

    it("on a document of a request: a French 400 page, no document, no file kept, no error in the logs", async () => {
      const { browser, requestId } = await applicantOn("draft", (id) => `/demandes/${id}/pieces`);
      const before = await storedFiles();
      expectFrenchPage(await postTruncated(browser, `/demandes/${requestId}/pieces/statuts`, [await fileStart("fichier")]), 400, "Envoi incomplet");
      await expect.poll(storedFiles, AFTER_RESPONSE).toBe(before);
      expect(await t.deps.db.selectFrom("requestDocuments").select("id").where("requestId", "=", requestId).execute()).toHaveLength(0);
      expect(errorLines()).toEqual([]);
    });

    it("or carrying more parts or files than the form has: a French 413 page, no file kept", async () => {
      const { browser, requestId } = await applicantOn("filed", (id) => `/demandes/${id}/messagerie`);
      const before = await storedFiles();
      const extra = Array.from({ length: 6 }, (_, i) => `Content-Disposition: form-data; name="champ${i}"\r\n\r\nx\r\n`);
      expectFrenchPage(await postTruncated(browser, `/demandes/${requestId}/messagerie`, extra, { closed: true }), 413, "Envoi trop volumineux");
      const file = `${await fileStart("piece-jointe")}\r\n`;
      expectFrenchPage(await postTruncated(browser, `/demandes/${requestId}/messagerie`, [file, file], { closed: true }), 413, "Envoi trop volumineux");
      await expect.poll(storedFiles, AFTER_RESPONSE).toBe(before);
      expect(errorLines()).toEqual([]);
    });

    it("or without any boundary: a French 400 page", async () => {
      const { browser, requestId } = await applicantOn("filed", (id) => `/demandes/${id}/messagerie`);
      const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
      const response = await t.app.inject({ method: "POST", url: `/demandes/${requestId}/messagerie`, remoteAddress: browser.ip, headers: { cookie, "content-type": "multipart/form-data" }, payload: "x" });
      expectFrenchPage(response, 400, "Envoi incomplet");
      expect(errorLines()).toEqual([]);
    });
  });
});
