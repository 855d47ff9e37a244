import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { buildApp } from "../../app.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../../test/app.ts";
import { StatementCounter } from "../../../test/statement-counter.ts";
import { buildOrganisation } from "../../../test/organisations.ts";
import { acceptTermsDirectly, buildGrant, buildService, signedInMember } from "../../../test/services.ts";

describe("The dashboard's round trips to the database", () => {
  let t: TestApp;
  let app: FastifyInstance;
  const counter = new StatementCounter();
  beforeAll(async () => {
    t = await createTestApp();
    // The same application, on the same database, through a connection that counts.
    // As in production: a dashboard sent from memory is not drawn again to be compared (ui/kept-pages.ts).
    app = await buildApp({ ...t.deps, config: { ...t.deps.config, checkKeptPages: false }, db: t.deps.db.withPlugin(counter) }, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  /**
   * The statements of one dashboard drawn afresh (the page kept from the last visit is dropped
   * first, as a change would: ui/kept-pages.ts), polled: the application hears of a service built
   * by the test through PostgreSQL's NOTIFY, a moment after its commit, and the page that hears it
   * late reads the services once more. A page that always sends another statement never reaches
   * the count.
   */
  const statementsOfADashboard = (browser: TestBrowser, account: { id: string }) => async () => {
    await sql`update accounts set dashboard_version = dashboard_version + 1 where id = ${account.id}`.execute(t.deps.db);
    counter.count = 0;
    expect((await browser.get("/tableau-de-bord")).statusCode).toBe(200);
    return counter.count;
  };
  const settles = { timeout: 5_000, interval: 20 };

  it("stay the same however many services the person holds: the session, one query for the services' state, the panels", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const { account, browser } = await signedInMember({ app, deps: t.deps }, organisation, { function: "Maire" });
    for (const label of ["Prêts", "Subventions", "Dataviz"]) {
      const service = await buildService(t.deps.db, { tileLabel: label });
      await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
      if (label !== "Dataviz") await acceptTermsDirectly(t.deps.db, { service, account });
    }
    await expect.poll(async () => (await browser.get("/tableau-de-bord")).body, settles).toContain("Subventions");
    const page = await browser.get("/tableau-de-bord");
    expect(page.body).toContain("Prêts");
    expect(page.body).toContain("Conditions particulières d&#39;utilisation à accepter");
    // The session with the person and the organisation, the grants with the membership and the
    // terms accepted (the services come from memory), then the panels: "Mes demandes" and "Mes
    // questions" (whether the person is a support agent is only asked for agents and
    // administrators). The per-IP ceiling counts in memory (sent to PostgreSQL once a second, not
    // per request). Before issue 14: 8 + 3 per granted service.
    await expect.poll(statementsOfADashboard(browser, account), settles).toBe(1 + 1 + 2);
    // Visited again with nothing changed: no statement at all (the page and the session are
    // kept in memory: ui/kept-pages.ts, platform/sessions/kept-sessions.ts).
    counter.count = 0;
    expect((await browser.get("/tableau-de-bord")).body).toContain("Subventions");
    expect(counter.count).toBe(0);
  });

  it("skip the services' state for a person acting for no organisation while every service asks for one, and ask an agent whether they are in the support", async () => {
    const { account, browser } = await signedInMember({ app, deps: t.deps }, null);
    // The session, then "Mes demandes" and "Mes questions".
    await expect.poll(statementsOfADashboard(browser, account), settles).toBe(1 + 2);

    const { account: agentAccount, browser: agent } = await signedInMember({ app, deps: t.deps }, null, {}, { role: "agent" });
    await expect.poll(statementsOfADashboard(agent, agentAccount), settles).toBe(1 + 3);

    // A service open to people without an organisation: their grants are read again.
    const personal = await buildService(t.deps.db, { tileLabel: "Service personnel", requiresOrganisation: false, grantedBy: "platform_admin" });
    await expect.poll(statementsOfADashboard(browser, account), settles).toBe(1 + 1 + 2);
    expect(personal.requiresOrganisation).toBe(false);
  });
});
