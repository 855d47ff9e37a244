import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";

const noticeIdOf = (page: string, title: string) => {
  const match = new RegExp(`href="/administration/actualites/([0-9a-f-]{36})">${title}<`).exec(page);
  if (!match) throw new Error(`no notice « ${title} » on the page`);
  return match[1]!;
};

describe("the home page's notices and presentation", () => {
  let t: TestApp;
  let admin: TestBrowser;
  let adminId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const signedIn = await signedInAccount(t, { role: "platform_admin" });
    admin = signedIn.browser;
    adminId = signedIn.account.id;
  });
  afterAll(() => t.close());

  const notice = (fields: Record<string, string>) => ({ title: "Titre", body: "Texte.", link: "", level: "information", shownFrom: "", shownUntil: "", published: "oui", ...fields });

  async function create(fields: Record<string, string>) {
    await admin.get("/administration/actualites/nouvelle");
    const response = await admin.post("/administration/actualites/nouvelle", notice(fields));
    expect(response.statusCode, response.body).toBe(303);
    const row = await t.deps.db.selectFrom("notices").select("id").where("title", "=", fields.title ?? "Titre").orderBy("createdAt", "desc").executeTakeFirstOrThrow();
    return row.id;
  }

  const eventsOf = async (noticeId: string) =>
    (await t.deps.db.selectFrom("auditEvents").select(["event", "details"]).where("event", "like", "notice.%").orderBy("id").execute())
      .filter((row) => (row.details as { noticeId?: string } | null)?.noticeId === noticeId)
      .map((row) => row.event);

  it("is the admins' only: a visitor goes to the login, a signed-in person gets 404", async () => {
    const visitor = await new TestBrowser(t.app).get("/administration/actualites");
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe("/connexion?retour=%2Fadministration%2Factualites");
    const { browser } = await signedInAccount(t);
    expect((await browser.get("/administration/actualites")).statusCode).toBe(404);
    expect((await browser.get("/administration/actualites/nouvelle")).statusCode).toBe(404);
    await browser.get("/mon-compte");
    expect((await browser.post("/administration/actualites/nouvelle", notice({ title: "Intrus" }))).statusCode).toBe(404);
    expect(await t.deps.db.selectFrom("notices").select("id").where("title", "=", "Intrus").execute()).toEqual([]);
  });

  it("is listed among the administration's tools", async () => {
    expect((await admin.get("/administration")).body).toContain('<a href="/administration/actualites">Actualités et présentation</a>');
  });

  it("refuses a notice with bad input, saying why in French, with the values kept and status 422", async () => {
    await admin.get("/administration/actualites/nouvelle");
    const response = await admin.post("/administration/actualites/nouvelle", notice({ title: "", body: "Mon texte gardé", link: "javascript:alert(1)", level: "urgent", shownFrom: "31/02/2026", shownUntil: "demain" }));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Le formulaire contient 5 erreurs");
    expect(response.body).toContain("Indiquez le titre de l&#39;actualité.");
    expect(response.body).toContain("Indiquez une adresse du portail commençant par /");
    expect(response.body).toContain("Indiquez s&#39;il s&#39;agit d&#39;une information ou d&#39;une annonce importante.");
    expect(response.body).toContain("La date de début d&#39;affichage s&#39;écrit JJ/MM/AAAA et doit exister");
    expect(response.body).toContain('href="#champ-shownUntil"');
    expect(response.body).toContain("Mon texte gardé</textarea>");
    expect(response.body).toContain('value="javascript:alert(1)"');

    for (const link of ["//ailleurs.example", "data:text/html,x", "https://", "/ espace"]) {
      expect((await admin.post("/administration/actualites/nouvelle", notice({ link }))).statusCode, link).toBe(422);
    }
    const tooLong = await admin.post("/administration/actualites/nouvelle", notice({ title: "x".repeat(121) }));
    expect(tooLong.body).toContain("Le titre fait 120 caractères au maximum.");

    const backwards = await admin.post("/administration/actualites/nouvelle", notice({ shownFrom: "10/03/2026", shownUntil: "09/03/2026" }));
    expect(backwards.statusCode).toBe(422);
    expect(backwards.body).toContain("La date de fin d&#39;affichage doit être le même jour que la date de début ou après.");
    expect(await t.deps.db.selectFrom("notices").select("id").execute()).toEqual([]);
  });

  it("refuses a post without the CSRF token", async () => {
    await admin.get("/administration/actualites/nouvelle");
    expect((await admin.post("/administration/actualites/nouvelle", notice({ title: "Sans jeton" }), { csrf: null })).statusCode).toBe(403);
  });

  it("creates, edits, publishes, unpublishes and deletes a notice, each change in the audit trail, the home page following", async () => {
    const id = await create({ title: "Fermeture le 14 juillet", body: "Les guichets sont fermés.\n\nLe portail reste ouvert.", link: "/comment-ca-marche", published: "" });
    expect((await new TestBrowser(t.app).get("/")).body).not.toContain("Fermeture le 14 juillet");

    const publish = async (published: string) => {
      await admin.get("/administration/actualites");
      return admin.post(`/administration/actualites/${id}/publication`, { published });
    };
    expect((await publish("oui")).headers.location).toBe("/administration/actualites");
    const home = (await new TestBrowser(t.app).get("/")).body;
    expect(home).toContain("Fermeture le 14 juillet");
    expect(home).toContain("<p>Les guichets sont fermés.</p><p>Le portail reste ouvert.</p>");
    expect(home).toContain('<a href="/comment-ca-marche">En savoir plus<span class="visually-hidden"> : Fermeture le 14 juillet</span></a>');

    const listed = (await admin.get("/administration/actualites")).body;
    expect(noticeIdOf(listed, "Fermeture le 14 juillet")).toBe(id);
    const form = await admin.get(`/administration/actualites/${id}`);
    expect(form.body).toContain('value="Fermeture le 14 juillet"');
    const edited = await admin.post(`/administration/actualites/${id}`, notice({ title: "Fermeture exceptionnelle", body: "Fermé.", link: "https://www.exemple.fr/horaires", level: "important" }));
    expect(edited.statusCode).toBe(303);
    const after = (await new TestBrowser(t.app).get("/")).body;
    expect(after).toContain("Fermeture exceptionnelle");
    expect(after).toContain('rel="noopener noreferrer"');
    expect(after).toContain("(site externe)");

    await publish("");
    expect((await new TestBrowser(t.app).get("/")).body).not.toContain("Fermeture exceptionnelle");

    const confirm = await admin.get(`/administration/actualites/${id}/supprimer`);
    expect(confirm.body).toContain("Supprimer l&#39;actualité « Fermeture exceptionnelle » ?");
    const deleted = await admin.post(`/administration/actualites/${id}/supprimer`, {});
    expect(deleted.statusCode).toBe(303);
    expect((await admin.get("/administration/actualites")).body).not.toContain("Fermeture exceptionnelle");
    expect((await admin.get(`/administration/actualites/${id}`)).statusCode).toBe(404);
    expect(await eventsOf(id)).toEqual(["notice.created", "notice.published", "notice.updated", "notice.unpublished", "notice.deleted"]);
    const actors = await t.deps.db.selectFrom("auditEvents").select("actorId").where("event", "like", "notice.%").execute();
    expect(new Set(actors.map((row) => row.actorId))).toEqual(new Set([adminId]));
  });

  it("answers 404 for an unknown or malformed notice id", async () => {
    await admin.get("/administration/actualites");
    expect((await admin.get("/administration/actualites/pas-un-id")).statusCode).toBe(404);
    expect((await admin.get("/administration/actualites/00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    await admin.get("/administration/actualites");
    expect((await admin.post("/administration/actualites/00000000-0000-4000-8000-000000000000/supprimer", {})).statusCode).toBe(404);
  });

  it("shows a notice only between its dates (Paris days, both included), important ones first", async () => {
    t.clock.set(new Date("2026-03-02T09:00:00Z"));
    await create({ title: "Information simple" });
    await create({ title: "Travaux de maintenance", level: "important", shownFrom: "05/03/2026", shownUntil: "2026-03-06" });
    await create({ title: "Ancienne annonce", shownUntil: "01/03/2026" });
    const listed = (await admin.get("/administration/actualites")).body;
    expect(listed).toContain("Publiée, affichée à partir du 5 mars 2026");
    expect(listed).toContain("Publiée, plus affichée depuis le 1 mars 2026");
    expect(listed).toContain("Du 5 mars 2026 au 6 mars 2026");

    const homeOn = async (at: string) => {
      t.clock.set(new Date(at));
      return (await new TestBrowser(t.app).get("/")).body;
    };
    let home = await homeOn("2026-03-04T22:59:00Z"); // 23 h 59 in Paris on the 4th
    expect(home).not.toContain("Travaux de maintenance");
    expect(home).not.toContain("Ancienne annonce");
    home = await homeOn("2026-03-04T23:00:00Z"); // midnight in Paris: the 5th
    expect(home).toContain("Travaux de maintenance");
    expect(home.indexOf("Travaux de maintenance")).toBeLessThan(home.indexOf("Information simple"));
    expect(home).toContain('<span class="tag tag--warning">Important</span>');
    home = await homeOn("2026-03-06T22:00:00Z"); // 23 h on the 6th
    expect(home).toContain("Travaux de maintenance");
    home = await homeOn("2026-03-06T23:00:00Z"); // the 7th
    expect(home).not.toContain("Travaux de maintenance");
    expect(home).toContain("Information simple");
    t.clock.set(new Date("2026-03-02T09:00:00Z"));
  });

  it("escapes a notice's title, text and link: they are shown as typed, never as HTML", async () => {
    const signedIn = await signedInAccount(t, { role: "platform_admin" });
    admin = signedIn.browser;
    await create({ title: "<script>alert(1)</script>", body: '<img src=x onerror="alert(2)"> & <b>gras</b>', link: '/page?a="><script>alert(3)</script>' });
    const home = (await new TestBrowser(t.app).get("/")).body;
    expect(home).not.toContain("<script>alert");
    expect(home).not.toContain("<img src=x");
    expect(home).not.toContain("<b>gras</b>");
    expect(home).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(home).toContain("&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; &lt;b&gt;gras&lt;/b&gt;");
  });

  it("lets an admin set the home page's presentation, and an empty one brings the default sentence back", async () => {
    expect((await new TestBrowser(t.app).get("/")).body).toContain("Votre espace personnel pour accéder aux services en ligne de Portail de démonstration");
    await admin.get("/administration/actualites");
    const tooLong = await admin.post("/administration/actualites/presentation", { presentation: "x".repeat(501) });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain("Le texte de présentation fait 500 caractères au maximum.");
    const saved = await admin.post("/administration/actualites/presentation", { presentation: "Le portail des aides de la Région <Occitanie>." });
    expect(saved.statusCode).toBe(303);
    const home = (await new TestBrowser(t.app).get("/")).body;
    expect(home).toContain("Le portail des aides de la Région &lt;Occitanie&gt;.");
    expect(home).not.toContain("Votre espace personnel pour accéder");
    await admin.get("/administration/actualites");
    await admin.post("/administration/actualites/presentation", { presentation: "" });
    expect((await new TestBrowser(t.app).get("/")).body).toContain("Votre espace personnel pour accéder");
    const events = await t.deps.db.selectFrom("auditEvents").select("event").where("event", "=", "portal.presentation_changed").execute();
    expect(events).toHaveLength(2);
  });

  it("links the home page to the help pages and the catalogue", async () => {
    const home = (await new TestBrowser(t.app).get("/")).body;
    for (const href of ["/comment-ca-marche", "/suis-je-eligible", "/offres-par-commune", "/contact", "/demarches"]) expect(home, href).toContain(`href="${href}"`);
    expect(home).toContain("Posez-nous votre question");
  });
});
