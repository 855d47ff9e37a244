import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import { InvalidProcedureFiles } from "../../core/procedures/errors.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { findArticle, insertTheme, listArticles, listThemes } from "../../core/help/queries.ts";
import { saveArticle } from "../../core/help/save-article.ts";

/** A page's text as read: hono escapes apostrophes and quotes. */
const text = (body: string) => body.replaceAll("&#39;", "'").replaceAll("&quot;", '"');

describe("Comment ça marche ?", () => {
  let t: TestApp;
  let admin: TestBrowser;
  let themeId: string;
  const publish = (title: string, body: string, status: "draft" | "published" = "published", slug = "") =>
    saveArticle({ db: t.deps.db, clock: t.deps.clock }, { themeId, title, slug, body, status });

  beforeAll(async () => {
    t = await createTestApp();
    admin = new TestBrowser(t.app);
    await logInAs(admin, await buildAccount(t.deps.db, { role: "platform_admin" }));
    themeId = (await insertTheme(t.deps.db, { title: "Joindre ses pièces", createdAt: t.deps.clock.now() })).id;
    await publish("Les formats de pièces acceptés", "Vos **pièces justificatives** sont acceptées en PDF, JPEG ou PNG.");
    await publish("Un brouillon secret", "Ce texte n'est pas encore publié.", "draft", "brouillon-secret");
  });
  afterAll(() => t.close());

  describe("for everybody", () => {
    it("lists the themes and their published articles, a search box and Posez-nous votre question", async () => {
      const page = await new TestBrowser(t.app).get("/comment-ca-marche");
      expect(page.body).toContain("Posez-nous votre question");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("<h1>Comment ça marche ?</h1>");
      expect(page.body).toContain("Joindre ses pièces");
      expect(page.body).toContain('href="/comment-ca-marche/les-formats-de-pieces-acceptes"');
      expect(page.body).toContain('action="/comment-ca-marche/recherche"');
      expect(page.body).toContain('<a href="/contact">Posez-nous votre question</a>');
      expect(page.body).not.toContain("Un brouillon secret");
    });

    it("shows a published article rendered from its Markdown", async () => {
      const page = await new TestBrowser(t.app).get("/comment-ca-marche/les-formats-de-pieces-acceptes");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("<strong>pièces justificatives</strong>");
      expect(page.body).toContain("Cette réponse vous a-t-elle aidé ?");
    });

    it("answers a draft, an unknown or a malformed address with a friendly 404", async () => {
      for (const path of ["/comment-ca-marche/brouillon-secret", "/comment-ca-marche/inconnu", "/comment-ca-marche/%C3%A9t%C3%A9", `/comment-ca-marche/${"a".repeat(90)}`]) {
        const page = await new TestBrowser(t.app).get(path);
        expect(page.statusCode).toBe(404);
        expect(page.body).toContain("Article introuvable");
        expect(page.body).toContain('action="/comment-ca-marche/recherche"');
      }
    });

    it("finds an article with a misspelt word, without accents, and highlights the passage safely", async () => {
      await publish("Écrire <b>gras</b> & co", "Un article dont le titre porte des chevrons : <script>alert(1)</script> justificatifs.");
      const page = await new TestBrowser(t.app).get(`/comment-ca-marche/recherche?q=${encodeURIComponent("piece justificatves")}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/<a href="\/comment-ca-marche\/les-formats-de-pieces-acceptes">[^]*?<mark>pièces<\/mark>/);
      expect(page.body).toContain("« <strong>justificatives</strong> » (vous avez saisi « justificatves »)");
      const chevrons = await new TestBrowser(t.app).get("/comment-ca-marche/recherche?q=gras");
      expect(chevrons.body).toContain("&lt;b&gt;<mark>gras</mark>&lt;/b&gt;");
      expect(chevrons.body).not.toContain("<b>gras");
      expect(chevrons.body).not.toContain("<script>alert");
    });

    it("answers quotes, operators, an empty, a repeated or a 1,000-character query with a page", async () => {
      for (const q of ['"', "&|!:*()", "'pièces' & !", "", "x".repeat(1000), "pièces ".repeat(150)]) {
        const page = await new TestBrowser(t.app).get(`/comment-ca-marche/recherche?q=${encodeURIComponent(q)}`);
        expect(page.statusCode).toBe(200);
      }
      expect((await new TestBrowser(t.app).get("/comment-ca-marche/recherche")).body).toContain("Saisissez un ou plusieurs mots");
      expect((await new TestBrowser(t.app).get("/comment-ca-marche/recherche?q=pieces&q=autre")).statusCode).toBe(200);
      expect((await new TestBrowser(t.app).get(`/comment-ca-marche/recherche?q=${"x".repeat(1000)}`)).body).toContain("Seuls les 200 premiers caractères");
      expect((await new TestBrowser(t.app).get("/comment-ca-marche/recherche?q=brouillon+secret")).body).toContain("Aucun article ne correspond à votre recherche");
    });

    it("counts Oui and Non once per browser session, then says Merci, without JavaScript", async () => {
      const path = "/comment-ca-marche/les-formats-de-pieces-acceptes";
      const { id } = (await listArticles(t.deps.db, { publishedOnly: true })).find((row) => row.slug === "les-formats-de-pieces-acceptes")!;
      const before = (await findArticle(t.deps.db, id))!;
      const visitor = new TestBrowser(t.app);
      await visitor.get(path);
      const csrf = visitor.csrfToken();
      const vote = await visitor.post(`${path}/avis`, { reponse: "oui" });
      expect(vote.statusCode).toBe(303);
      expect(vote.headers.location).toBe(`${path}#avis`);
      // The cookie that remembers the vote is one "Données personnelles" lists.
      const voteCookie = (vote.cookies as { name: string }[])[0]?.name;
      expect(voteCookie).toBeTruthy();
      expect((await t.app.inject("/donnees-personnelles")).body).toContain(`<code>${voteCookie}</code>`);
      const thanked = await visitor.get(path);
      expect(thanked.body).toContain("Merci pour votre réponse");
      expect(thanked.body).not.toContain('name="reponse"');
      // A second answer from the same session (a form kept open in another tab) is not counted.
      expect((await visitor.post(`${path}/avis`, { reponse: "non" }, { csrf })).statusCode).toBe(303);
      await new TestBrowser(t.app).submit(path, { reponse: "non" }, `${path}/avis`);
      const after = (await findArticle(t.deps.db, id))!;
      expect(after.helpfulYes - before.helpfulYes).toBe(1);
      expect(after.helpfulNo - before.helpfulNo).toBe(1);
    });

    it("refuses a vote without CSRF token, with a forged answer, or on a draft", async () => {
      const path = "/comment-ca-marche/les-formats-de-pieces-acceptes";
      const visitor = new TestBrowser(t.app);
      await visitor.get(path);
      const csrf = visitor.csrfToken();
      expect((await visitor.post(`${path}/avis`, { reponse: "oui" }, { csrf: null })).statusCode).toBe(403);
      const forged = await visitor.post(`${path}/avis`, { reponse: "peut-être" }, { csrf });
      expect(forged.statusCode).toBe(422);
      expect(forged.body).toContain("Choisissez Oui ou Non.");
      expect((await visitor.post("/comment-ca-marche/brouillon-secret/avis", { reponse: "oui" }, { csrf })).statusCode).toBe(404);
    });
  });

  describe("for platform admins", () => {
    it("is listed among the administration tools and closed to everybody else", async () => {
      expect((await admin.get("/administration")).body).toContain('href="/administration/aide"');
      const person = new TestBrowser(t.app);
      await logInAs(person, await buildAccount(t.deps.db));
      expect((await person.get("/administration/aide")).statusCode).toBe(404);
      expect((await person.get("/administration/aide/articles/nouveau")).statusCode).toBe(404);
      expect((await new TestBrowser(t.app).get("/administration/aide")).statusCode).toBe(303);
    });

    it("lists drafts and published articles with their feedback counts", async () => {
      const page = await admin.get("/administration/aide");
      expect(page.body).toContain("Un brouillon secret");
      expect(page.body).toContain("Brouillon");
      expect(page.body).toContain("Publié");
      expect(page.body).toContain("A aidé");
    });

    it("creates, renames, orders and deletes themes; a theme holding articles is not deleted", async () => {
      const created = await admin.submit("/administration/aide", { title: "Les délais" }, "/administration/aide/themes");
      expect(created.statusCode).toBe(303);
      const empty = await admin.submit("/administration/aide", { title: "" }, "/administration/aide/themes");
      expect(empty.statusCode).toBe(422);
      expect(empty.body).toContain("Indiquez le titre du thème.");
      const theme = (await listThemes(t.deps.db)).find((row) => row.title === "Les délais")!;
      expect((await admin.submit(`/administration/aide/themes/${theme.id}`, { title: "Les délais de traitement" })).statusCode).toBe(303);
      await admin.submit("/administration/aide", { sens: "haut" }, `/administration/aide/themes/${theme.id}/deplacer`);
      expect((await listThemes(t.deps.db))[0]!.title).toBe("Les délais de traitement");
      const refused = await admin.submit(`/administration/aide/themes/${themeId}`, {}, `/administration/aide/themes/${themeId}/supprimer`);
      expect(refused.headers.location).toBe("/administration/aide?fait=theme-non-vide");
      expect((await admin.get(refused.headers.location as string)).body).toContain("Ce thème contient encore des articles");
      expect((await admin.submit(`/administration/aide/themes/${theme.id}`, {}, `/administration/aide/themes/${theme.id}/supprimer`)).statusCode).toBe(303);
      expect((await listThemes(t.deps.db)).map((row) => row.id)).not.toContain(theme.id);
      expect((await admin.get("/administration/aide/themes/pas-un-uuid")).statusCode).toBe(404);
    });

    it("previews an article without saving it, the preview sanitised", async () => {
      const body = "## Étapes\n\nCliquez sur **Ajouter**.\n\n<script>alert(1)</script>\n\n[piège](javascript:alert(1)) <img src=x onerror=alert(1)>";
      const preview = await admin.submit("/administration/aide/articles/nouveau", { theme: themeId, title: "Aperçu", slug: "", body, status: "published", action: "previsualiser" });
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toContain("Aperçu (non enregistré)");
      expect(preview.body).toContain("<h2>Étapes</h2>");
      expect(preview.body).toContain("<strong>Ajouter</strong>");
      const shown = preview.body.slice(preview.body.indexOf("Aperçu (non enregistré)"), preview.body.indexOf("<form", preview.body.indexOf("Aperçu (non enregistré)")));
      expect(shown).toContain("<strong>Ajouter</strong>");
      expect(shown).not.toMatch(/<script|javascript:|onerror|<img/i);
      // The Markdown typed is kept in the form, escaped.
      expect(preview.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect((await listArticles(t.deps.db, { publishedOnly: false })).map((row) => row.title)).not.toContain("Aperçu");
    });

    it("writes a draft invisible to the public, then publishes it", async () => {
      const saved = await admin.submit("/administration/aide/articles/nouveau", { theme: themeId, title: "Renouveler sa demande", slug: "", body: "Chaque année, **renouvelez**.", status: "draft", action: "enregistrer" });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe("/administration/aide?fait=article-enregistre");
      const row = (await listArticles(t.deps.db, { publishedOnly: false })).find((article) => article.title === "Renouveler sa demande")!;
      expect(row).toMatchObject({ slug: "renouveler-sa-demande", status: "draft" });
      const audited = await t.deps.db.selectFrom("auditEvents").select(["event", "details"]).where("event", "=", "help.article_saved").execute();
      expect(audited.map((event) => event.details)).toContainEqual(expect.objectContaining({ articleId: row.id, status: "draft" }));
      expect((await new TestBrowser(t.app).get("/comment-ca-marche/renouveler-sa-demande")).statusCode).toBe(404);
      expect((await new TestBrowser(t.app).get("/comment-ca-marche/recherche?q=renouveler")).body).not.toContain("renouveler-sa-demande");
      const edit = await admin.get(`/administration/aide/articles/${row.id}`);
      expect(edit.body).toContain("Chaque année, **renouvelez**.");
      await admin.post(`/administration/aide/articles/${row.id}`, { theme: themeId, title: "Renouveler sa demande", slug: "renouveler-sa-demande", body: "Chaque année, **renouvelez**.", status: "published", action: "enregistrer" });
      expect((await new TestBrowser(t.app).get("/comment-ca-marche/renouveler-sa-demande")).body).toContain("<strong>renouvelez</strong>");
      expect((await new TestBrowser(t.app).get("/comment-ca-marche/recherche?q=renouvler")).body).toContain('href="/comment-ca-marche/renouveler-sa-demande"');
    });

    it("keeps what was typed on a refused article, with the messages", async () => {
      const refused = await admin.submit("/administration/aide/articles/nouveau", { theme: "", title: "", slug: "Pas Une Adresse", body: "Texte gardé", status: "", action: "enregistrer" });
      expect(refused.statusCode).toBe(422);
      for (const message of ["Choisissez le thème de l'article.", "Indiquez le titre de l'article.", "L'adresse ne peut contenir que des lettres minuscules", "Choisissez si l'article est un brouillon ou publié."]) expect(text(refused.body)).toContain(message);
      expect(refused.body).toContain("Texte gardé");
      const taken = await admin.submit("/administration/aide/articles/nouveau", { theme: themeId, title: "X", slug: "brouillon-secret", body: "x", status: "draft", action: "enregistrer" });
      expect(taken.statusCode).toBe(422);
      expect(taken.body).toContain("Un autre article a déjà cette adresse");
      const reserved = await admin.submit("/administration/aide/articles/nouveau", { theme: themeId, title: "X", slug: "recherche", body: "x", status: "draft", action: "enregistrer" });
      expect(reserved.body).toContain("Cette adresse est réservée");
      const gone = await admin.submit("/administration/aide/articles/nouveau", { theme: "00000000-0000-4000-8000-000000000000", title: "X", slug: "", body: "x", status: "draft", action: "enregistrer" });
      expect(gone.statusCode).toBe(422);
      expect(text(gone.body)).toContain("Ce thème n'existe plus");
    });

    it("moves an article within its theme and deletes it after confirmation", async () => {
      const first = await publish("Premier à déplacer", "Texte.");
      const second = await publish("Second à déplacer", "Texte.");
      await admin.submit("/administration/aide", { sens: "haut" }, `/administration/aide/articles/${second.id}/deplacer`);
      const order = (await listArticles(t.deps.db, { publishedOnly: false })).map((row) => row.id);
      expect(order.indexOf(second.id)).toBeLessThan(order.indexOf(first.id));
      const confirm = await admin.get(`/administration/aide/articles/${second.id}/supprimer`);
      expect(text(confirm.body)).toContain("Supprimer l'article « Second à déplacer » ?");
      expect((await admin.post(`/administration/aide/articles/${second.id}/supprimer`, {})).headers.location).toBe("/administration/aide?fait=article-supprime");
      expect(await findArticle(t.deps.db, second.id)).toBeUndefined();
      expect((await admin.get(`/administration/aide/articles/${second.id}`)).statusCode).toBe(404);
    });
  });

  describe("on a procedure's form", () => {
    it("links a step and a field to their help articles by title, and an unknown article still to the help", async () => {
      const definition = buildDefinition();
      definition.étapes[0]!.article_aide = "les-formats-de-pieces-acceptes";
      definition.étapes[0]!.champs[0]!.article_aide = "article-pas-encore-ecrit";
      definition.étapes[0]!.champs[1]!.article_aide = "les-formats-de-pieces-acceptes";
      await loadProcedures(t.deps, [{ name: "procedures/essai.json", content: JSON.stringify(definition) }], { via: "cli" });
      await publishProcedure(t.deps, { slug: "essai" }, { actorId: null });
      const { browser } = await signedInAccount(t);
      await browser.get("/demarches");
      const started = await browser.post("/demarches/essai/commencer", {});
      const step = await browser.get(started.headers.location as string);
      expect(step.statusCode).toBe(200);
      const links = text(step.body).match(/<p class="help-link">En savoir plus : <a href="[^"]+">[^<]+<\/a><\/p>/g);
      expect(links).toEqual([
        '<p class="help-link">En savoir plus : <a href="/comment-ca-marche/les-formats-de-pieces-acceptes">Les formats de pièces acceptés</a></p>',
        '<p class="help-link">En savoir plus : <a href="/comment-ca-marche/article-pas-encore-ecrit">l\'aide « Comment ça marche ? »</a></p>',
        '<p class="help-link">En savoir plus : <a href="/comment-ca-marche/les-formats-de-pieces-acceptes">Les formats de pièces acceptés</a></p>',
      ]);
      expect((await new TestBrowser(t.app).get("/comment-ca-marche/article-pas-encore-ecrit")).statusCode).toBe(404);
    });

    it("refuses a definition whose article address is malformed", async () => {
      const definition = buildDefinition({ slug: "essai-mal-lie" });
      definition.étapes[0]!.article_aide = "Pas Une Adresse";
      const refused = await loadProcedures(t.deps, [{ name: "procedures/essai-mal-lie.json", content: JSON.stringify(definition) }], { via: "cli" }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(InvalidProcedureFiles);
      expect((refused as InvalidProcedureFiles).problems.join("\n")).toContain("adresse d'article d'aide");
    });
  });
});
