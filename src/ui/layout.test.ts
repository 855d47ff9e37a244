import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/app.ts";

const between = (html: string, start: string, end: string) => html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)));

describe("the page frame's public menu and help channels", () => {
  describe("with the defaults (demonstration)", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it("lists the public pages in the header for anonymous visitors, and marks the current one", async () => {
      const body = (await t.app.inject("/connexion")).body;
      const menu = between(body, '<nav id="navigation-principale"', "</nav>");
      expect(menu).toContain('aria-label="Menu principal"');
      expect([...menu.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((match) => [match[1], match[2]])).toEqual([
        ["/comment-ca-marche", "Comment ça marche ?"],
        ["/suis-je-eligible", "Suis-je éligible ?"],
        ["/offres-par-commune", "Offres par commune"],
      ]);
      expect(body).toContain('<a href="#navigation-principale">Aller au menu</a>');
      expect(menu).not.toContain("aria-current");
      // Another feature serves the page; until then its "not found" page still marks where one is.
      const current = between((await t.app.inject("/comment-ca-marche")).body, '<nav id="navigation-principale"', "</nav>");
      expect(current).toContain('<a href="/comment-ca-marche" aria-current="page">Comment ça marche ?</a>');
    });

    it("gives the demonstration phone with its hours, the mail, the contact form and the reception desks at the foot of every page", async () => {
      for (const url of ["/", "/connexion", "/accessibilite"]) {
        const footer = between((await t.app.inject(url)).body, "<footer", "</footer>");
        expect(footer).toContain("Besoin d&#39;aide ?");
        expect(footer).toContain('Par téléphone : <a href="tel:+33199001234">01 99 00 12 34</a>, du lundi au vendredi, de 9 h à 17 h');
        expect(footer).toContain('Par courriel : <a href="mailto:aide@guichet.localhost">aide@guichet.localhost</a>');
        expect(footer).toContain('<a href="/contact">Posez-nous votre question</a>');
        expect(footer).toContain('<a href="/guichets-d-accueil">Trouver un guichet d&#39;accueil</a>');
        expect(footer).toContain("ce numéro et cette adresse sont fictifs");
        expect(footer).not.toContain("Discuter en ligne");
      }
    });
  });

  describe("configured for a portal that is not about housing", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({
        env: { PUBLIC_MENU: "comment-ca-marche", HELP_EMAIL: "aide@aides.exemple.fr", HELP_CHAT_URL: "https://chat.exemple.fr/?q=1&x=<b>" },
      });
    });
    afterAll(() => t.close());

    it("hides the housing pages, shows only the channels configured, escapes them, and drops the demonstration note", async () => {
      const body = (await t.app.inject("/")).body;
      const menu = between(body, '<nav id="navigation-principale"', "</nav>");
      expect(menu).toContain("Comment ça marche ?");
      expect(menu).not.toContain("Suis-je éligible");
      expect(menu).not.toContain("Offres par commune");
      const footer = between(body, "<footer", "</footer>");
      expect(footer).not.toContain("Par téléphone");
      expect(footer).toContain('href="mailto:aide@aides.exemple.fr"');
      expect(footer).toContain('<a href="https://chat.exemple.fr/?q=1&amp;x=&lt;b&gt;">Discuter en ligne avec un conseiller</a>');
      expect(footer).not.toContain("fictifs");
    });
  });

  describe("with no public menu", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { PUBLIC_MENU: "aucun" } });
    });
    afterAll(() => t.close());

    it("draws no empty menu and no skip link to it", async () => {
      const body = (await t.app.inject("/")).body;
      expect(body).not.toContain("navigation-principale");
    });
  });
});
