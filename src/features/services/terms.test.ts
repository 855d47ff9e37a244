import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { buildGrant, buildService, eventsOf, signedInMember } from "../../../test/services.ts";

describe("conditions particulières d'utilisation (a service's terms)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const acceptances = (accountId: string) => t.deps.db.selectFrom("termsAcceptances").selectAll().where("accountId", "=", accountId).orderBy("termsVersion").execute();

  it("shows the terms in paragraphs, with their version and date, a required checkbox and a button", async () => {
    const service = await buildService(t.deps.db, { name: "Demande de prêts", termsText: "Article 1 : objet.\nLigne suivante.\n\nArticle 2 : durée.", termsVersion: 2, termsUpdatedAt: new Date("2026-02-11T10:00:00Z") });
    const { browser } = await signedInMember(t, null);
    const page = await browser.get(`/services/${service.slug}/conditions`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Conditions particulières d&#39;utilisation</h1>");
    expect(page.body).toContain('Version 2 du <time datetime="2026-02-11T10:00:00.000Z">11 février 2026</time>');
    expect(page.body).toContain("<p>Article 1 : objet.<br/>Ligne suivante.</p><p>Article 2 : durée.</p>");
    expect(page.body).toContain('<label for="champ-accept">J&#39;ai lu et j&#39;accepte les conditions particulières d&#39;utilisation</label>');
  });

  it("refuses without the box ticked, with a 422 and an error summary", async () => {
    const service = await buildService(t.deps.db);
    const { account, browser } = await signedInMember(t, null);
    await browser.get(`/services/${service.slug}/conditions`);
    const response = await browser.post(`/services/${service.slug}/conditions`, { version: "1" });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<a href="#champ-accept">Acceptation des conditions : Cochez la case pour accepter les conditions particulières d&#39;utilisation.</a>');
    expect(await acceptances(account.id)).toHaveLength(0);
  });

  it("records the acceptance of the version shown, once, and goes back where the person came from", async () => {
    const service = await buildService(t.deps.db);
    const { account, browser } = await signedInMember(t, null);
    await browser.get(`/services/${service.slug}/conditions?retour=${encodeURIComponent(`/services/${service.slug}/ouvrir`)}`);
    expect(browser.lastPage).toContain(`name="retour" value="/services/${service.slug}/ouvrir"`);
    const response = await browser.post(`/services/${service.slug}/conditions`, { accept: "oui", version: "1", retour: `/services/${service.slug}/ouvrir` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/services/${service.slug}/ouvrir`);
    expect(await acceptances(account.id)).toMatchObject([{ serviceId: service.id, termsVersion: 1 }]);
    expect((await eventsOf(t.deps.db, "terms.accepted")).filter((event) => event.accountId === account.id)).toHaveLength(1);

    const page = await browser.get(`/services/${service.slug}/conditions`);
    expect(page.body).toContain("Vous avez accepté cette version des conditions le");
    expect(page.body).not.toContain('name="accept"');
    // Accepting again (back button) keeps the first acceptance and writes no new event.
    expect((await browser.post(`/services/${service.slug}/conditions`, { accept: "oui", version: "1" })).statusCode).toBe(303);
    expect(await acceptances(account.id)).toHaveLength(1);
    expect((await eventsOf(t.deps.db, "terms.accepted")).filter((event) => event.accountId === account.id)).toHaveLength(1);
  });

  it("never sends people to another site after accepting, and lands on the dashboard without a return address", async () => {
    const service = await buildService(t.deps.db);
    const { browser } = await signedInMember(t, null);
    await browser.get(`/services/${service.slug}/conditions?retour=${encodeURIComponent("//evil.example/")}`);
    expect(browser.lastPage).not.toContain("evil.example");
    const response = await browser.post(`/services/${service.slug}/conditions`, { accept: "oui", version: "1", retour: "https://evil.example/" });
    expect(response.headers.location).toBe("/tableau-de-bord");
    expect((await browser.get("/tableau-de-bord")).body).toContain("Vous avez accepté les conditions particulières d&#39;utilisation.");
  });

  it("goes back to a return address holding characters beyond Latin-1 percent-encoded, and drops one holding a line separator (no 500)", async () => {
    const service = await buildService(t.deps.db);
    const { account, browser } = await signedInMember(t, null);
    await browser.get(`/services/${service.slug}/conditions?retour=${encodeURIComponent("/€")}`);
    expect(browser.lastPage).toContain('name="retour" value="/%E2%82%AC"');
    const euro = await browser.post(`/services/${service.slug}/conditions`, { accept: "oui", version: "1", retour: "/€" });
    expect(euro.statusCode).toBe(303);
    expect(euro.headers.location).toBe("/%E2%82%AC");
    expect(await acceptances(account.id)).toHaveLength(1);
    await browser.get(`/services/${service.slug}/conditions`);
    const separator = await browser.post(`/services/${service.slug}/conditions`, { accept: "oui", version: "1", retour: "/a\u2028b" });
    expect(separator.statusCode).toBe(303);
    expect(separator.headers.location).toBe("/tableau-de-bord");
  });

  it("does not leave the site for a return address hiding a second slash behind a tab", async () => {
    const service = await buildService(t.deps.db);
    const { browser } = await signedInMember(t, null);
    await browser.get(`/services/${service.slug}/conditions`);
    const response = await browser.post(`/services/${service.slug}/conditions`, { accept: "oui", version: "1", retour: "/\t/evil.example/x" });
    expect(response.statusCode).toBe(303);
    // As a browser reads the address: it drops tabs and newlines, and takes a backslash for a slash.
    const site = "https://guichet.exemple.fr";
    expect(new URL(String(response.headers.location), site).origin).toBe(site);
  });

  it("asks everyone to accept again once a platform admin publishes a new version", async () => {
    const organisation = null;
    const service = await buildService(t.deps.db, { requiresOrganisation: false, grantedBy: "automatic", tileLabel: "Dataviz Coeur de Ville" });
    const { account, browser } = await signedInMember(t, organisation);
    await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
    await browser.get(`/services/${service.slug}/conditions`);
    await browser.post(`/services/${service.slug}/conditions`, { accept: "oui", version: "1" });
    expect((await browser.get(`/services/${service.slug}/ouvrir`)).headers.location).toBe(service.url);

    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    const adminBrowser = new TestBrowser(t.app);
    await logInAs(adminBrowser, admin);
    await adminBrowser.get(`/administration/services/${service.id}/conditions`);
    await adminBrowser.post(`/administration/services/${service.id}/conditions`, { termsText: "Version révisée.", version: "1", confirmation: "oui" });

    const open = await browser.get(`/services/${service.slug}/ouvrir`);
    expect(open.headers.location).toBe(`/services/${service.slug}/conditions?retour=${encodeURIComponent(`/services/${service.slug}/ouvrir`)}`);
    const page = await browser.get(open.headers.location as string);
    expect(page.body).toContain("Version 2 du");
    expect(page.body).toContain("<p>Version révisée.</p>");
    expect(page.body).toContain('name="accept"');
    await browser.post(`/services/${service.slug}/conditions`, { accept: "oui", version: "2", retour: `/services/${service.slug}/ouvrir` });
    expect(await acceptances(account.id)).toMatchObject([{ termsVersion: 1 }, { termsVersion: 2 }]);
    expect((await browser.get(`/services/${service.slug}/ouvrir`)).headers.location).toBe(service.url);
  });

  it("does not record an acceptance of a version that was replaced while the page was open", async () => {
    const service = await buildService(t.deps.db, { termsVersion: 3 });
    const { account, browser } = await signedInMember(t, null);
    await browser.get(`/services/${service.slug}/conditions`);
    const response = await browser.post(`/services/${service.slug}/conditions`, { accept: "oui", version: "2" });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Une nouvelle version des conditions a été publiée entre-temps");
    expect(await acceptances(account.id)).toHaveLength(0);
  });

  it("does not exist for an unknown or deactivated service", async () => {
    const service = await buildService(t.deps.db, { active: false });
    const { browser } = await signedInMember(t, null);
    expect((await browser.get(`/services/${service.slug}/conditions`)).statusCode).toBe(404);
    expect((await browser.get("/services/Pas%20Un%20Slug/conditions")).statusCode).toBe(404);
  });
});
