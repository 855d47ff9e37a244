import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { buildService, eventsOf } from "../../../test/services.ts";

const valid = {
  name: "Demande de prêts",
  slug: "demande-de-prets",
  tileLabel: "Mes prêts en ligne",
  description: "Déposer et suivre vos demandes de prêt.",
  url: "https://prets.exemple.fr/espace",
  requiresOrganisation: "oui",
  requiresFunction: "oui",
  grantedBy: "organisation_admin",
  termsText: "Article 1 : objet.\n\nArticle 2 : engagements de l'utilisateur.",
};

describe("administration of services (Services)", () => {
  let t: TestApp;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.deps.db.deleteFrom("services").execute();
    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
  });

  const stored = (slug: string) => t.deps.db.selectFrom("services").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();

  it("is linked from the administration home and lists the services with who grants access, their terms' version and state", async () => {
    expect((await browser.get("/administration")).body).toContain('href="/administration/services"');
    await buildService(t.deps.db, { name: "Dataviz Coeur de Ville", grantedBy: "automatic", requiresOrganisation: false, active: false });
    await buildService(t.deps.db, { name: "Demande de prêts", termsVersion: 3 });
    const page = await browser.get("/administration/services");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption id="services-caption">Services du portail (2)</caption>');
    expect(page.body).toMatch(/Dataviz Coeur de Ville[\s\S]*Automatique[\s\S]*désactivé[\s\S]*Demande de prêts[\s\S]*L&#39;administrateur de la structure[\s\S]*Version 3/);
    expect(page.body).toContain('href="/administration/services/nouveau"');
  });

  it("creates a service with version 1 of its terms, and records who did", async () => {
    await browser.get("/administration/services/nouveau");
    const before = t.clock.now();
    const response = await browser.post("/administration/services/nouveau", valid);
    expect(response.statusCode).toBe(303);
    const service = await stored("demande-de-prets");
    expect(response.headers.location).toBe(`/administration/services/${service.id}`);
    expect(service).toMatchObject({
      name: "Demande de prêts",
      tileLabel: "Mes prêts en ligne",
      url: "https://prets.exemple.fr/espace",
      requiresOrganisation: true,
      requiresFunction: true,
      grantedBy: "organisation_admin",
      termsVersion: 1,
      active: true,
    });
    expect(service.termsUpdatedAt.getTime()).toBeGreaterThan(before.getTime());
    const page = await browser.get(response.headers.location as string);
    expect(page.body).toContain("Le service est créé.");
    expect(page.body).toContain("<p>Article 1 : objet.</p>");
    expect((await eventsOf(t.deps.db, "service.created")).at(-1)?.details).toEqual({ serviceId: service.id, slug: "demande-de-prets" });
  });

  it("refuses bad input with a 422, the typed values kept and a summary linking to each field", async () => {
    await browser.get("/administration/services/nouveau");
    const response = await browser.post("/administration/services/nouveau", {
      ...valid,
      name: "",
      slug: "Demande De Prêts",
      url: "javascript:alert(1)",
      requiresOrganisation: "",
      requiresFunction: "oui",
      grantedBy: "organisation_admin",
      termsText: "",
    });
    expect(response.statusCode).toBe(422);
    const page = response.body;
    expect(page).toContain("<title>Erreur : Créer un service - Guichet</title>");
    expect(page).toContain("Le formulaire contient 6 erreurs");
    expect(page).toContain('<a href="#champ-name">Nom du service : Indiquez le nom du service.</a>');
    expect(page).toContain('href="#champ-slug"');
    expect(page).toContain('href="#champ-url"');
    expect(page).toContain('href="#champ-requiresFunction"');
    expect(page).toContain('href="#champ-grantedBy"');
    expect(page).toContain('href="#champ-termsText"');
    expect(page).toContain('value="Demande De Prêts"');
    expect(page).toContain("Mes prêts en ligne");
    expect(await t.deps.db.selectFrom("services").select("id").execute()).toHaveLength(0);
  });

  it("refuses a name in the address another service already uses", async () => {
    await buildService(t.deps.db, { slug: "demande-de-prets" });
    await browser.get("/administration/services/nouveau");
    const response = await browser.post("/administration/services/nouveau", valid);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Ce nom est déjà celui d&#39;un autre service : choisissez-en un autre.");
  });

  it("edits a service without touching its terms, and says which fields changed in the audit trail", async () => {
    const service = await buildService(t.deps.db, { slug: "prets" });
    const page = await browser.get(`/administration/services/${service.id}`);
    expect(page.body).toContain('value="Mes prêts en ligne"');
    expect(page.body).not.toContain('name="termsText"');
    const response = await browser.post(`/administration/services/${service.id}`, {
      ...valid,
      slug: "prets",
      name: "Demande de prêts en ligne",
      grantedBy: "platform_admin",
      requiresFunction: "",
      termsText: "ignored",
    });
    expect(response.statusCode).toBe(303);
    const after = await stored("prets");
    expect(after).toMatchObject({ name: "Demande de prêts en ligne", grantedBy: "platform_admin", termsText: service.termsText, termsVersion: 1 });
    const [event] = (await eventsOf(t.deps.db, "service.updated")).slice(-1);
    expect(event?.details).toMatchObject({ serviceId: service.id });
    expect((event?.details as { fields: string[] }).fields).toEqual(["name", "url", "grantedBy"]);
    expect((await browser.get(`/administration/services/${service.id}`)).body).toContain("Les modifications du service sont enregistrées.");
  });

  it("refuses an edit that lets the organisation's administrator grant a service needing no organisation", async () => {
    const service = await buildService(t.deps.db);
    await browser.get(`/administration/services/${service.id}`);
    const response = await browser.post(`/administration/services/${service.id}`, { ...valid, requiresOrganisation: "", requiresFunction: "" });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("L&#39;administrateur de la structure ne peut accorder l&#39;habilitation que si le service nécessite le rattachement à une structure.");
  });

  it("publishes a new version of the terms only when confirmed, raising the version and its date", async () => {
    const service = await buildService(t.deps.db);
    const form = await browser.get(`/administration/services/${service.id}/conditions`);
    expect(form.body).toContain("<h1>Publier une nouvelle version des conditions</h1>");
    expect(form.body).toContain("Article 1.");
    const unconfirmed = await browser.post(`/administration/services/${service.id}/conditions`, { termsText: "Nouvelles conditions.", version: "1" });
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain('href="#champ-confirmation"');
    expect(unconfirmed.body).toContain("Nouvelles conditions.");
    expect((await stored(service.slug)).termsVersion).toBe(1);

    t.clock.advance(60_000);
    const before = t.clock.now();
    const published = await browser.post(`/administration/services/${service.id}/conditions`, { termsText: "Nouvelles conditions.", version: "1", confirmation: "oui" });
    expect(published.statusCode).toBe(303);
    const after = await stored(service.slug);
    expect(after).toMatchObject({ termsText: "Nouvelles conditions.", termsVersion: 2 });
    expect(after.termsUpdatedAt.getTime()).toBeGreaterThan(before.getTime());
    expect((await eventsOf(t.deps.db, "service.terms_published")).at(-1)?.details).toEqual({ serviceId: service.id, termsVersion: 2 });
  });

  it("does not publish over a version another admin published in the meantime", async () => {
    const service = await buildService(t.deps.db, { termsVersion: 4 });
    await browser.get(`/administration/services/${service.id}/conditions`);
    const response = await browser.post(`/administration/services/${service.id}/conditions`, { termsText: "Texte.", version: "3", confirmation: "oui" });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain("Une autre version des conditions a été publiée");
    expect((await stored(service.slug)).termsVersion).toBe(4);
  });

  it("answers a version that is not a whole number of at most 9 digits as one that changed, publishing nothing", async () => {
    const service = await buildService(t.deps.db);
    const versions = ["abc", "1.5", "99999999999999", "", "-1"];
    const answers: string[] = [];
    for (const version of versions) {
      await browser.get(`/administration/services/${service.id}/conditions`);
      const response = await browser.post(`/administration/services/${service.id}/conditions`, { termsText: "Texte.", version, confirmation: "oui" });
      answers.push(`${version}: ${response.statusCode} ${response.body.includes("Une autre version des conditions a été publiée")}`);
    }
    expect(answers).toEqual(versions.map((version) => `${version}: 409 true`));
    expect(await stored(service.slug)).toMatchObject({ termsVersion: 1, termsText: service.termsText });
  });

  it("keeps the version the admin started from when the form comes back with an error, so a version published meanwhile is not overwritten", async () => {
    const service = await buildService(t.deps.db);
    await browser.get(`/administration/services/${service.id}/conditions`);
    // Another admin publishes version 2 while this one is writing.
    await t.deps.db.updateTable("services").set({ termsVersion: 2, termsText: "Version de l'autre administrateur." }).where("id", "=", service.id).execute();
    const unconfirmed = await browser.post(`/administration/services/${service.id}/conditions`, { termsText: "Ma version.", version: "1" });
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain('name="version" value="1"');
    const confirmed = await browser.post(`/administration/services/${service.id}/conditions`, { termsText: "Ma version.", version: "1", confirmation: "oui" });
    expect(confirmed.statusCode).toBe(409);
    expect(await stored(service.slug)).toMatchObject({ termsVersion: 2, termsText: "Version de l'autre administrateur." });
  });

  it("deactivates and reactivates a service", async () => {
    const service = await buildService(t.deps.db);
    await browser.get(`/administration/services/${service.id}`);
    const off = await browser.post(`/administration/services/${service.id}/activation`, { active: "non" });
    expect(off.statusCode).toBe(303);
    expect((await stored(service.slug)).active).toBe(false);
    const page = await browser.get(`/administration/services/${service.id}`);
    expect(page.body).toContain("Le service est désactivé : personne ne peut plus y accéder.");
    await browser.post(`/administration/services/${service.id}/activation`, { active: "oui" });
    expect((await stored(service.slug)).active).toBe(true);
    const events = await t.deps.db.selectFrom("auditEvents").select("event").where("event", "like", "service.%activated").execute();
    expect(events.map((e) => e.event).slice(-2)).toEqual(["service.deactivated", "service.activated"]);
  });

  it("checks the CSRF token", async () => {
    await browser.get("/administration/services/nouveau");
    expect((await browser.post("/administration/services/nouveau", valid, { csrf: null })).statusCode).toBe(403);
  });

  it("does not exist for anybody else", async () => {
    const service = await buildService(t.deps.db);
    const { browser: person } = await signedInAccount(t);
    for (const url of ["/administration/services", "/administration/services/nouveau", `/administration/services/${service.id}`, `/administration/services/${service.id}/conditions`])
      expect((await person.get(url)).statusCode).toBe(404);
    expect((await browser.get("/administration/services/pas-un-uuid")).statusCode).toBe(404);
  });
});
