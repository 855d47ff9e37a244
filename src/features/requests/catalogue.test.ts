import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, signedInAccount } from "../../../test/builders.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import { buildOrganisation } from "../../../test/organisations.ts";
import { buildService, signedInMember } from "../../../test/services.ts";
import { closeProcedure } from "../../core/procedures/close-procedure.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";

async function publish(t: TestApp, definition: ProcedureDefinition) {
  await loadProcedures(t.deps, [{ name: `procedures/${definition.slug}.json`, content: JSON.stringify(definition) }], { via: "cli" });
  await publishProcedure(t.deps, { slug: definition.slug }, { actorId: null });
}

/** The test procedure with a required document, a summary and a deadline, as the public page shows them. */
function catalogueDefinition(overrides: Partial<ProcedureDefinition> = {}): ProcedureDefinition {
  const definition = buildDefinition({ slug: "aide-velo", titre: "Aide à l'achat d'un vélo", thème: "Mobilité", résumé: "Une aide pour acheter un vélo.", date_limite: "2026-03-31", ...overrides });
  definition.étapes[0]!.pièces = [{ id: "facture", libellé: "Facture du vélo", aide: "Au nom du demandeur", obligatoire: true, formats: ["pdf", "jpeg"], taille_max_mo: 5 }];
  return definition;
}

describe("the public catalogue", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await publish(t, catalogueDefinition());
    await publish(t, buildDefinition({ slug: "pret", titre: "Demande de prêt", thème: "Structures", déposant: { type: "membre-structure", service: "prets-en-ligne" }, préfixe_numéro: "PR" }));
    await buildService(t.deps.db, { slug: "prets-en-ligne", name: "Prêts en ligne" });
  });
  afterAll(() => t.close());

  it("lists the open procedures by theme to a visitor without an account, each linking to its page", async () => {
    const page = await new TestBrowser(t.app).get("/demarches");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="theme-aide-velo">Mobilité</h2>');
    expect(page.body).toContain('<a href="/demarches/aide-velo">Aide à l&#39;achat d&#39;un vélo</a>');
    expect(page.body).toContain("Une aide pour acheter un vélo.");
    expect(page.body).toContain("Particuliers");
    expect(page.body).toContain("Structures");
    expect(page.body).toContain('jusqu&#39;au <time datetime="2026-03-31">31 mars 2026</time> inclus');
    // « Déposer une demande » leads through the login (see below), and the page says so.
    expect(page.body).toContain('action="/demarches/aide-velo/commencer"');
    expect(page.body).toContain('Déposer une demande<span class="visually-hidden"> : Aide à l&#39;achat d&#39;un vélo</span>');
    expect(page.body).toContain('href="/connexion?retour=%2Fdemarches"');
    const home = (await new TestBrowser(t.app).get("/")).body;
    expect(home).toContain('<a href="/demarches/aide-velo">Aide à l&#39;achat d&#39;un vélo</a>');
    expect(home).toContain('Jusqu&#39;au <time datetime="2026-03-31">31 mars 2026</time>');
    expect(home).toContain("Une aide pour acheter un vélo.");
  });

  it("shows a procedure's page to a visitor: theme, who may file, steps, documents to prepare, deadline, and « Déposer une demande » through the login", async () => {
    const page = await new TestBrowser(t.app).get("/demarches/aide-velo");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Aide à l&#39;achat d&#39;un vélo</h1>");
    expect(page.body).toContain("<dt>Thème</dt><dd>Mobilité</dd>");
    expect(page.body).toContain("Toute personne, avec un compte sur le portail, pour elle-même.");
    expect(page.body).toMatch(/<ol class="catalogue-steps"><li>Informations générales<\/li><li>Composition du foyer<\/li><\/ol>/);
    expect(page.body).toContain("<strong>Facture du vélo</strong>");
    expect(page.body).toContain("Au nom du demandeur");
    expect(page.body).toContain("Formats : PDF, JPEG ; 5 Mo au maximum");
    // The other step's document is asked only for some answers.
    expect(page.body).toContain("<strong>Livret de famille</strong> (facultative) (selon vos réponses)");
    expect(page.body).toContain('<time datetime="2026-03-31">31 mars 2026</time> inclus');
    expect(page.body).toContain('action="/demarches/aide-velo/commencer"');
    expect(page.body).toContain('Déposer une demande<span class="visually-hidden"> : Aide à l&#39;achat d&#39;un vélo</span></button>');
  });

  it("names the service whose grant an organisation's procedure needs", async () => {
    const page = await new TestBrowser(t.app).get("/demarches/pret");
    expect(page.body).toContain("Un membre validé d&#39;une structure, habilité au service « Prêts en ligne », pour sa structure.");
    expect(page.body).toContain("Aucune : la démarche reste ouverte");
  });

  it("starts the draft right after the login when a visitor pressed « Déposer une demande », and only then", async () => {
    const person = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    await browser.get("/demarches/aide-velo");
    const pressed = await browser.post("/demarches/aide-velo/commencer", {});
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toBe("/connexion?retour=%2Fdemarches%2Faide-velo%2Fcommencer");
    // The cookie that carries the intent is one "Données personnelles" lists.
    const intentCookie = (pressed.cookies as { name: string }[]).map((cookie) => cookie.name).find((name) => name.includes("depot"));
    expect((await t.app.inject("/donnees-personnelles")).body).toContain(`<code>${intentCookie}</code>`);
    expect(await t.deps.db.selectFrom("requests").select("id").where("applicantId", "=", person.id).execute()).toEqual([]);
    const login = await browser.get(pressed.headers.location as string);
    expect(login.body).toContain('name="retour" value="/demarches/aide-velo/commencer"');
    const loggedIn = await browser.post("/connexion", { login: person.identifier, password: person.password, retour: "/demarches/aide-velo/commencer" });
    expect(loggedIn.headers.location).toBe("/demarches/aide-velo/commencer");
    const started = await browser.get("/demarches/aide-velo/commencer");
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toMatch(/^\/demandes\/[0-9a-f-]{36}\/general$/);
    expect((await browser.get(started.headers.location as string)).body).toContain("Informations générales");
    // The intent is used once: coming back to the address shows the procedure, starting nothing.
    const again = await browser.get("/demarches/aide-velo/commencer");
    expect(again.headers.location).toBe("/demarches/aide-velo");
    expect(await t.deps.db.selectFrom("requests").select("id").where("applicantId", "=", person.id).execute()).toHaveLength(1);
  });

  it("never starts a draft from a GET alone: a link to « commencer » leads a signed-in person to the procedure's page", async () => {
    const { browser, account } = await signedInAccount(t);
    const response = await browser.get("/demarches/aide-velo/commencer");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/demarches/aide-velo");
    // A cookie the portal did not sign is no intent either.
    const forged = await t.app.inject({
      method: "GET",
      url: "/demarches/aide-velo/commencer",
      remoteAddress: browser.ip,
      headers: { cookie: `guichet_session=${browser.cookie("guichet_session")}; guichet_depot=aide-velo.9999999999999.AAAA` },
    });
    expect(forged.headers.location).toBe("/demarches/aide-velo");
    expect(await t.deps.db.selectFrom("requests").select("id").where("applicantId", "=", account.id).execute()).toEqual([]);
    const page = await browser.get("/demarches/aide-velo");
    expect(page.body).toContain('action="/demarches/aide-velo/commencer"');
    const started = await browser.post("/demarches/aide-velo/commencer", {});
    expect(started.headers.location).toMatch(/^\/demandes\/[0-9a-f-]{36}\/general$/);
  });

  it("forgets the intent after 30 minutes", async () => {
    const person = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    await browser.get("/demarches/aide-velo");
    await browser.post("/demarches/aide-velo/commencer", {});
    t.clock.advance(31 * 60 * 1000);
    await browser.get("/connexion");
    await browser.post("/connexion", { login: person.identifier, password: person.password, retour: "/demarches/aide-velo/commencer" });
    expect((await browser.get("/demarches/aide-velo/commencer")).headers.location).toBe("/demarches/aide-velo");
    expect(await t.deps.db.selectFrom("requests").select("id").where("applicantId", "=", person.id).execute()).toEqual([]);
    t.clock.set(new Date("2026-03-02T09:00:00Z"));
  });

  it("tells a signed-in person what an organisation's procedure needs instead of the button", async () => {
    const member = await signedInMember(t, await buildOrganisation(t.deps.db));
    const page = await member.browser.get("/demarches/pret");
    expect(page.body).not.toContain('action="/demarches/pret/commencer"');
    expect(page.body).toContain('href="/services/prets-en-ligne/habilitation"');
  });

  it("answers 404 for an unknown procedure, a malformed address and a draft never published", async () => {
    await loadProcedures(t.deps, [{ name: "procedures/brouillon.json", content: JSON.stringify(buildDefinition({ slug: "brouillon" })) }], { via: "cli" });
    const browser = new TestBrowser(t.app);
    for (const url of ["/demarches/inconnue", "/demarches/Pas%20un%20slug", "/demarches/brouillon"]) {
      const response = await browser.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).toContain("Page non trouvée");
    }
    expect((await browser.get("/demarches")).body).not.toContain("/demarches/brouillon");
  });

  it("keeps a procedure open on its deadline, then takes it out of the catalogue, explains its page with 410 and refuses new drafts", async () => {
    await publish(t, catalogueDefinition({ slug: "appel-projets", titre: "Appel à projets", date_limite: "2026-03-10", préfixe_numéro: "AP" }));
    const { browser } = await signedInAccount(t);
    t.clock.set(new Date("2026-03-10T22:30:00Z")); // 23 h 30 in Paris: still the 10th
    expect((await browser.get("/demarches")).body).toContain('href="/demarches/appel-projets"');
    expect((await browser.get("/demarches/appel-projets")).statusCode).toBe(200);

    t.clock.set(new Date("2026-03-10T23:30:00Z")); // 00 h 30 in Paris: the 11th
    expect((await browser.get("/demarches")).body).not.toContain('href="/demarches/appel-projets"');
    expect((await browser.get("/")).body).not.toContain('href="/demarches/appel-projets"');
    const page = await browser.get("/demarches/appel-projets");
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain("Cette démarche n&#39;accepte plus de nouvelles demandes");
    expect(page.body).toContain('La date limite de dépôt était le <time datetime="2026-03-10">10 mars 2026</time>.');
    expect(page.body).not.toContain("/commencer");
    const late = await signedInAccount(t); // the first session expired while the clock moved
    await late.browser.get("/demarches/aide-velo"); // a page with a form, for its CSRF token
    const refused = await late.browser.post("/demarches/appel-projets/commencer", {});
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toContain("Cette démarche n&#39;est pas ouverte aux nouvelles demandes.");
    t.clock.set(new Date("2026-03-02T09:00:00Z"));
  });

  it("takes a closed procedure out of the catalogue and the home page, and says on its page that it is closed", async () => {
    await publish(t, catalogueDefinition({ slug: "fermee", titre: "Démarche fermée", préfixe_numéro: "FE" }));
    await closeProcedure(t.deps, { slug: "fermee" }, { actorId: null });
    const browser = new TestBrowser(t.app);
    expect((await browser.get("/demarches")).body).not.toContain('href="/demarches/fermee"');
    expect((await browser.get("/")).body).not.toContain('href="/demarches/fermee"');
    const page = await browser.get("/demarches/fermee");
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain("Elle a été fermée par l&#39;organisme.");
  });

  it("escapes what a definition says", async () => {
    await publish(t, catalogueDefinition({ slug: "balises", titre: "<script>alert(1)</script>", résumé: '<img src=x onerror="alert(1)">', préfixe_numéro: "BA" }));
    const browser = new TestBrowser(t.app);
    for (const url of ["/demarches", "/demarches/balises", "/"]) {
      const body = (await browser.get(url)).body;
      expect(body, url).not.toContain("<script>alert(1)</script>");
      expect(body, url).not.toContain("<img src=x");
    }
  });
});
