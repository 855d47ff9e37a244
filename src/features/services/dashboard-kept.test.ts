import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { buildApp } from "../../app.ts";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { StatementCounter } from "../../../test/statement-counter.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { acceptTermsDirectly, buildGrant, buildService } from "../../../test/services.ts";
import { buildRequest, loadTestProcedures, type TestProcedure } from "../../../test/instruction.ts";

const WAITING = "1 demande attend une action de votre part.";

describe("The dashboard kept in memory (ui/kept-pages.ts, migration 0029)", () => {
  let t: TestApp;
  let app: FastifyInstance;
  let aid: TestProcedure;
  const counter = new StatementCounter();
  beforeAll(async () => {
    t = await createTestApp();
    aid = (await loadTestProcedures(t.deps)).aid;
    // As in production: a page sent from memory is not drawn again to be compared (t.app does: CHECK_KEPT_PAGES).
    app = await buildApp({ ...t.deps, config: { ...t.deps.config, checkKeptPages: false }, db: t.deps.db.withPlugin(counter) }, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const versionOf = async (account: { id: string }) =>
    (await t.deps.db.selectFrom("accounts").select("dashboardVersion").where("id", "=", account.id).executeTakeFirstOrThrow()).dashboardVersion;

  it("is sent again without a statement while nothing on it changed (the session kept too), and drawn for each session", async () => {
    const account = await buildAccount(t.deps.db, { lastName: "Lefèvre" });
    const browser = new TestBrowser(app);
    await logInAs(browser, account);
    const first = await browser.get("/tableau-de-bord");
    expect(first.statusCode).toBe(200);
    counter.count = 0;
    const again = await browser.get("/tableau-de-bord");
    expect(counter.count).toBe(0);
    expect(again.body).toBe(first.body);
    expect(again.headers["cache-control"]).toBe("no-store");
    expect(again.headers["content-security-policy"]).toBeDefined();

    // The same person on another browser: another session, another CSRF secret, its own page.
    const other = new TestBrowser(app);
    await logInAs(other, account);
    counter.count = 0;
    const elsewhere = await other.get("/tableau-de-bord");
    expect(counter.count).toBeGreaterThan(1);
    expect(elsewhere.body).toContain("Bienvenue");
    expect(elsewhere.body).not.toBe(first.body);

    // Its forms still work: the logout's token was made from this browser's secret.
    const token = /name="_csrf" value="([^"]+)"/.exec(again.body)?.[1];
    expect(token).toBeDefined();
    expect((await browser.post("/deconnexion", {}, { csrf: token! })).statusCode).toBe(303);
    expect((await browser.get("/tableau-de-bord")).headers.location).toMatch(/^\/connexion/);
  });

  it("shows at the next visit a change made behind the application: an ask, an organisation renamed, a question answered, a service relabelled", async () => {
    const organisation = await buildOrganisation(t.deps.db, { name: "Commune de Saint-Aubin" });
    const account = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, account);
    const service = await buildService(t.deps.db, { tileLabel: "Prêts aux communes" });
    await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
    await acceptTermsDirectly(t.deps.db, { service, account });
    const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AID", applicant: account, status: "in_instruction", filedAt: t.clock.now() });
    const browser = new TestBrowser(app);
    await logInAs(browser, account);
    const page = () => browser.get("/tableau-de-bord").then((reply) => reply.body);
    await expect.poll(page, { timeout: 5_000, interval: 20 }).toContain("Prêts aux communes");
    expect(await page()).not.toContain(WAITING);

    await t.deps.db.insertInto("requestAsks").values({ requestId: request.id, kind: "modification", message: "Précisez le budget.", askedBy: null, askedAt: t.clock.now() }).execute();
    expect(await page()).toContain(WAITING);

    await t.deps.db.updateTable("organisations").set({ name: "Commune nouvelle de Saint-Aubin" }).where("id", "=", organisation.id).execute();
    expect(await page()).toContain("Commune nouvelle de Saint-Aubin");

    const question = await t.deps.db
      .insertInto("supportQuestions")
      .values({ reference: "Q-KEPT-A001", topic: "autre" as const, requestNumber: null, body: "Une question", name: "X", email: account.email, accountId: account.id, ip: "127.0.0.1", uploadId: null, createdAt: t.clock.now(), firstAnsweredAt: null, closedAt: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await page()).toContain("pas encore de réponse");
    await t.deps.db.insertInto("supportReplies").values({ questionId: question.id, authorId: null, fromSupport: true, body: "Voici.", createdAt: t.clock.now() }).execute();
    expect(await page()).toContain("1 réponse");

    // Services are held in memory and dropped on their NOTIFY, heard a moment after the commit.
    await t.deps.db.updateTable("services").set({ tileLabel: "Prêts et garanties" }).where("id", "=", service.id).execute();
    await expect.poll(page, { timeout: 5_000, interval: 20 }).toContain("Prêts et garanties");
  });

  it("moves the account's version with each table the dashboard reads, whoever writes, but not with a draft's saves", async () => {
    const account = await buildAccount(t.deps.db);
    const organisation = await buildOrganisation(t.deps.db);
    const service = await buildService(t.deps.db);
    const moves = async (change: () => Promise<unknown>) => {
      const before = await versionOf(account);
      await change();
      return (await versionOf(account)) > before;
    };
    const draft = await buildRequest(t.deps.db, { procedure: aid, prefix: "AID", applicant: account, status: "draft", filedAt: t.clock.now() });
    expect(await moves(() => t.deps.db.updateTable("requests").set({ answers: JSON.stringify({ a: 1 }), updatedAt: t.clock.now() }).where("id", "=", draft.id).execute())).toBe(false);
    expect(await moves(() => t.deps.db.updateTable("requests").set({ status: "abandoned" }).where("id", "=", draft.id).execute())).toBe(true);
    expect(await moves(() => t.deps.db.updateTable("requests").set({ updatedAt: t.clock.now() }).where("id", "=", draft.id).execute())).toBe(true);
    expect(await moves(() => buildRequest(t.deps.db, { procedure: aid, prefix: "AID", applicant: account, status: "draft", filedAt: t.clock.now() }))).toBe(true);
    await t.deps.db.insertInto("requestGrants").values({ requestId: draft.id, amountCents: 1000, recordedBy: null, recordedAt: t.clock.now() }).execute();
    expect(await moves(() => t.deps.db.insertInto("requestPayments").values({ requestId: draft.id, position: 1, label: "Acompte", amountCents: 1000, plannedOn: "2027-01-01", createdAt: t.clock.now() }).execute())).toBe(true);
    expect(await moves(() => t.deps.db.deleteFrom("requestPayments").where("requestId", "=", draft.id).execute())).toBe(true);
    expect(await moves(() => addMember(t.deps.db, organisation, account, { status: "pending" }))).toBe(true);
    expect(await moves(() => t.deps.db.updateTable("organisations").set({ siret: organisation.siret }).where("id", "=", organisation.id).execute())).toBe(false);
    expect(await moves(() => t.deps.db.updateTable("organisations").set({ name: "Autre nom" }).where("id", "=", organisation.id).execute())).toBe(true);
    expect(await moves(() => buildGrant(t.deps.db, { service, account, organisation, status: "pending" }))).toBe(true);
    expect(await moves(() => t.deps.db.updateTable("grants").set({ status: "granted" }).where("accountId", "=", account.id).execute())).toBe(true);
    expect(await moves(() => acceptTermsDirectly(t.deps.db, { service, account }))).toBe(true);
    expect(await moves(() => t.deps.db.insertInto("supportAgents").values({ accountId: account.id, grantedBy: null, grantedAt: t.clock.now() }).execute())).toBe(true);
    expect(await moves(() => t.deps.db.deleteFrom("requests").where("id", "=", draft.id).execute())).toBe(true);
    // Someone else's change leaves this version alone.
    const someoneElse = await buildAccount(t.deps.db);
    expect(await moves(() => buildRequest(t.deps.db, { procedure: aid, prefix: "AID", applicant: someoneElse, filedAt: t.clock.now() }))).toBe(false);
  });

  it("is drawn again to show a message once", async () => {
    const account = await buildAccount(t.deps.db);
    const browser = new TestBrowser(app);
    await logInAs(browser, account);
    await browser.get("/tableau-de-bord");
    counter.count = 0;
    const cookie = `guichet_session=${browser.cookie("guichet_session")}; guichet_csrf=${browser.cookie("guichet_csrf")}; guichet_flash=organisation-switched`;
    const page = await app.inject({ method: "GET", url: "/tableau-de-bord", headers: { cookie } });
    expect(counter.count).toBeGreaterThan(1);
    expect(page.body).toContain("Vous agissez maintenant pour cette structure.");
    // Shown once: the next visit finds the kept page again, without the message.
    counter.count = 0;
    expect((await browser.get("/tableau-de-bord")).body).not.toContain("Vous agissez maintenant pour cette structure.");
    expect(counter.count).toBe(0);
  });

  it("fails the test that changed what it shows without moving the version (CHECK_KEPT_PAGES, on under NODE_ENV=test, draws it again to compare)", async () => {
    const account = await buildAccount(t.deps.db);
    const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AID", applicant: account, status: "in_instruction", filedAt: t.clock.now() });
    const browser = new TestBrowser(t.app);
    await logInAs(browser, account);
    expect((await browser.get("/tableau-de-bord")).body).not.toContain(WAITING);
    await sql`alter table request_asks disable trigger request_asks_dashboard_changed`.execute(t.deps.db);
    try {
      await t.deps.db.insertInto("requestAsks").values({ requestId: request.id, kind: "modification", message: "Précisez.", askedBy: null, askedAt: t.clock.now() }).execute();
      expect((await browser.get("/tableau-de-bord")).statusCode).toBe(500);
    } finally {
      await sql`alter table request_asks enable trigger request_asks_dashboard_changed`.execute(t.deps.db);
    }
  });
});
