import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { deleteSupportAgent, insertSupportAgent } from "./queries.ts";

const SUPPORT_LINK = "Traiter les questions des usagers (support)";

describe("« Mes questions » on the dashboard", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function dashboardOf(role: "applicant" | "agent" | "platform_admin", support: boolean) {
    const account = await buildAccount(t.deps.db, { role });
    if (support) await insertSupportAgent(t.deps.db, { accountId: account.id, grantedBy: null, grantedAt: t.clock.now() });
    const browser = new TestBrowser(t.app);
    await logInAs(browser, account);
    const page = await browser.get("/tableau-de-bord");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Mes questions");
    return { account, browser, body: page.body };
  }

  it("links support agents (agents and administrators) to the queue, and nobody else", async () => {
    expect((await dashboardOf("agent", true)).body).toContain(SUPPORT_LINK);
    expect((await dashboardOf("platform_admin", true)).body).toContain(SUPPORT_LINK);
    expect((await dashboardOf("agent", false)).body).not.toContain(SUPPORT_LINK);
    expect((await dashboardOf("applicant", false)).body).not.toContain(SUPPORT_LINK);
    // An applicant left in the support table (a role changed since) is not a support agent.
    expect((await dashboardOf("applicant", true)).body).not.toContain(SUPPORT_LINK);
  });

  it("drops the link as soon as the agent leaves the support", async () => {
    const { account, browser } = await dashboardOf("agent", true);
    await deleteSupportAgent(t.deps.db, account.id);
    expect((await browser.get("/tableau-de-bord")).body).not.toContain(SUPPORT_LINK);
  });
});
