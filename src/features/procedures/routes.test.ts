import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { listProcedures } from "../../core/procedures/queries.ts";
import { buildDefinition } from "../../../test/procedures.ts";

describe("the procedures' admin pages", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function adminBrowser() {
    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    const browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
    return browser;
  }

  const load = (definition = buildDefinition()) => loadProcedures(t.deps, [{ name: `procedures/${definition.slug}.json`, content: JSON.stringify(definition) }], { via: "cli" });

  it("are hidden from anyone but a platform admin: anonymous visitors go to the login page, other accounts get 404", async () => {
    await load();
    const anonymous = new TestBrowser(t.app);
    expect((await anonymous.get("/administration/demarches")).headers.location).toBe("/connexion?retour=%2Fadministration%2Fdemarches");

    const applicant = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    await logInAs(browser, applicant);
    expect((await browser.get("/administration/demarches")).statusCode).toBe(404);
    expect((await browser.get("/administration/demarches/essai")).statusCode).toBe(404);
    expect((await browser.get("/administration/demarches/essai/versions/1")).statusCode).toBe(404);
    await browser.get("/mon-compte");
    expect((await browser.post("/administration/demarches/essai/publier", { version: "1" })).statusCode).toBe(404);
    expect((await browser.post("/administration/demarches/charger", {})).statusCode).toBe(404);
    expect((await listProcedures(t.deps.db)).find((procedure) => procedure.slug === "essai")?.status).toBe("draft");
  });

  it("are linked from the administration home", async () => {
    const browser = await adminBrowser();
    expect((await browser.get("/administration")).body).toContain('<a href="/administration/demarches">Démarches</a>');
  });

  it("list the procedures, let an admin publish the latest version, then close it after confirming", async () => {
    await load();
    const browser = await adminBrowser();
    const list = await browser.get("/administration/demarches");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("<h1>Démarches</h1>");
    expect(list.body).toContain('<a href="/administration/demarches/essai">Démarche d&#39;essai</a>');
    expect(list.body).toContain("Brouillon");

    const page = await browser.get("/administration/demarches/essai");
    expect(page.body).toContain("Publier la version 1");
    const published = await browser.post("/administration/demarches/essai/publier", { version: "1" });
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe("/administration/demarches/essai");
    const after = await browser.get("/administration/demarches/essai");
    expect(after.body).toContain("La dernière version de la démarche est publiée");
    expect(after.body).not.toContain("Publier la version 1");
    expect(after.body).toContain('href="/administration/demarches/essai/clore"');

    // Publishing twice (a second tab) says why it is not possible.
    const again = await browser.post("/administration/demarches/essai/publier", { version: "1" });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("La version 1 de cette démarche est déjà publiée.");

    const confirm = await browser.get("/administration/demarches/essai/clore");
    expect(confirm.body).toContain("Je confirme la clôture de cette démarche");
    const unconfirmed = await browser.post("/administration/demarches/essai/clore", {});
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain("Cochez la case pour confirmer la clôture de la démarche.");
    expect(unconfirmed.body).toContain('href="#champ-confirmation"');
    expect((await listProcedures(t.deps.db)).find((procedure) => procedure.slug === "essai")?.status).toBe("published");

    const closed = await browser.post("/administration/demarches/essai/clore", { confirmation: "oui" });
    expect(closed.statusCode).toBe(303);
    const closedPage = await browser.get("/administration/demarches/essai");
    expect(closedPage.body).toContain("La démarche est close");
    expect(closedPage.body).toContain("Publier la dernière version rouvre la démarche");
  });

  it("show a version's steps, fields, conditions and documents", async () => {
    await load();
    const browser = await adminBrowser();
    const version = await browser.get("/administration/demarches/essai/versions/1");
    expect(version.statusCode).toBe(200);
    expect(version.body).toContain("Étape 2 : Composition du foyer");
    expect(version.body).toContain("menage › jours");
    expect(version.body).toContain("Si « Garde alternée » vaut « oui »");
    expect(version.body).toContain("Si « Situation » vaut « Salarié »");
    expect(version.body).toContain("Livret de famille (facultative) : PDF, 5 Mo au plus — si « Avez-vous des enfants ? » vaut « oui »");
    expect((await browser.get("/administration/demarches/essai/versions/9")).statusCode).toBe(404);
    expect((await browser.get("/administration/demarches/essai/versions/abc")).statusCode).toBe(404);
    expect((await browser.get("/administration/demarches/inconnue")).statusCode).toBe(404);
  });

  it("load the portal's definition files from the button, and say it when nothing changed", async () => {
    const browser = await adminBrowser();
    await browser.get("/administration/demarches");
    const loaded = await browser.post("/administration/demarches/charger", {});
    expect(loaded.statusCode).toBe(200);
    expect(loaded.body).toContain("Définitions chargées");
    expect(loaded.body).toContain("logement-social (Demande de logement social) : nouvelle démarche, version 1 chargée en brouillon");
    const again = await browser.post("/administration/demarches/charger", {});
    expect(again.body).toContain("logement-social (Demande de logement social) : inchangée (version 1).");
    expect((await browser.get("/administration/demarches/logement-social/versions/1")).body).toContain("Étape 9 : Souhaits");
  });
});
