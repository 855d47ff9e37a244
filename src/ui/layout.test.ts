import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { camille, testPageContext } from "../../test/page-context.ts";
import { PUBLIC_MENU_ENTRIES } from "../platform/config.ts";
import type { PageContext } from "./context.ts";
import { isWidePath, Layout } from "./layout.tsx";

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

describe("the header's « Menu » and the wide layout", () => {
  const base = testPageContext({ publicMenu: [PUBLIC_MENU_ENTRIES["comment-ca-marche"]] });
  const page = async (ctx: Partial<PageContext>) => (await Layout({ ctx: { ...base, ...ctx }, title: "Page" }).toString()) as string;
  const accountLinks = (html: string) => between(html, '<nav id="navigation-compte"', "</nav>");

  it("puts both menus, their ids kept, behind one « Menu » disclosure that needs no script, after the brand", async () => {
    const html = await page({});
    const disclosure = between(html, "<details", "</details>");
    expect(disclosure).toMatch(/^<details class="header__disclosure" data-menu=""><summary class="header__toggle">Menu<\/summary><nav id="navigation-compte"/);
    expect(disclosure).toContain('<nav id="navigation-principale" class="header__menu" aria-label="Menu principal">');
    expect(html.indexOf("header__brand")).toBeLessThan(html.indexOf("<details"));
    // The skip links still name the menus' ids (the browser opens the disclosure holding its target).
    expect(html).toContain('<a href="#navigation-principale">Aller au menu</a>');
    expect(html).toContain('<a href="#navigation-compte">Aller au menu du compte</a>');
    expect(html).not.toContain("<details open");
  });

  it("marks the current page in the account links, and lets the long names be cut with their full text kept", async () => {
    const organisation = { id: "o1", name: "COMMUNAUTE DE COMMUNES CONFLENT CANIGO", isAdmin: true, pending: false };
    const dashboard = accountLinks(await page({ account: camille, organisation, path: "/tableau-de-bord" }));
    expect(dashboard).toContain('<a href="/tableau-de-bord" aria-current="page">');
    expect(dashboard).toContain(
      '<a href="/structures/o1" class="header__truncated"><span class="visually-hidden">Ma structure : </span>COMMUNAUTE DE COMMUNES CONFLENT CANIGO</a>',
    );
    expect(dashboard).toContain('<a href="/mon-compte" class="header__truncated">Mon compte (Camille Martin)</a>');
    expect(dashboard).toContain('<button type="submit" class="link-button">Se déconnecter</button>');
    const myAccount = accountLinks(await page({ account: camille, path: "/mon-compte/mot-de-passe" }));
    expect(myAccount).toContain('<a href="/mon-compte" class="header__truncated" aria-current="page">');
    expect(myAccount).toContain('<a href="/structures/ajouter">Ajouter une structure</a>');
    const agent = accountLinks(await page({ account: { ...camille, role: "agent" }, path: "/instruction/aide/1" }));
    expect(agent).toContain('<a href="/instruction" aria-current="page">Instruction</a>');
    const admin = accountLinks(await page({ account: { ...camille, role: "platform_admin" }, path: "/administration" }));
    expect(admin).toContain('<a href="/administration" aria-current="page">Administration</a>');
    expect(admin).not.toContain("Instruction");
  });

  it("offers no logout form on a page that has no CSRF token (the OpenID provider's pages)", async () => {
    const links = accountLinks(await page({ account: camille, csrfToken: "" }));
    expect(links).toContain("Mon compte (Camille Martin)");
    expect(links).not.toContain("<form");
  });

  it("gives the back-office and administration pages the wide container, and the others the reading one", async () => {
    for (const path of ["/instruction", "/instruction/aide/1", "/administration/courriers", "/support", "/support/questions/1", "/dev/courriels"]) {
      expect(isWidePath(path), path).toBe(true);
      const html = await page({ path });
      expect(html, path).toContain('<main id="contenu" tabindex="-1" class="container container--wide">');
      expect(between(html, "<footer", "</footer>"), path).toContain('<div class="container container--wide">');
    }
    for (const path of ["/", "/instructions", "/administrations", "/supports", "/mon-compte", "/demandes/1", "/structures/1/membres"]) {
      expect(isWidePath(path), path).toBe(false);
      expect(await page({ path }), path).toContain('<main id="contenu" tabindex="-1" class="container">');
    }
    // The header spans the wide container on every page, so the account links fit one line.
    expect(await page({ path: "/" })).toContain('<div class="container container--wide header__body">');
  });
});
