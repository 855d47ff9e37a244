import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { replaceStock } from "../../core/housing/queries.ts";
import { demoStockRows } from "../../demo/seed-demo-housing.ts";

const cells = (html: string) => [...html.matchAll(/<th scope="row"[^>]*>(T\d[^<]*)<\/th>\s*<td[^>]*>([^<]*)<\/td>/g)].map((match) => [match[1], Number(match[2]!.replace(/\D/g, ""))]);
const bars = (html: string) =>
  [...html.matchAll(/<g class="bar-chart__item" data-value="(\d+)">[\s\S]*?<text class="bar-chart__label"[^>]*>([^<]*)<\/text>/g)].map((match) => [match[2]!.replace("&amp;", "&"), Number(match[1])]);

describe("Offres par commune", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("shows the search form to anyone, and says when nothing is loaded for a commune", async () => {
    const browser = new TestBrowser(t.app);
    const page = await browser.get("/offres-par-commune");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="get" action="/offres-par-commune" role="search"');
    const empty = await browser.get("/offres-par-commune?commune=Prades%20(66)");
    expect(empty.body).toContain("Aucune donnée sur le logement social n&#39;a été chargée pour Prades.");
  });

  it("finds a commune by name and shows its stock as a table and an SVG chart with the same figures", async () => {
    await replaceStock(t.deps.db, { demo: true, fileName: null, loadedBy: null, loadedAt: t.clock.now() }, demoStockRows());
    const page = await new TestBrowser(t.app).get("/offres-par-commune?commune=Cergy");
    expect(page.statusCode).toBe(200);
    const table = cells(page.body);
    expect(table).toEqual([
      ["T1", 640],
      ["T2", 1310],
      ["T3", 1890],
      ["T4", 1020],
      ["T5 et +", 310],
    ]);
    expect(bars(page.body)).toEqual(table);
    expect(page.body).toContain("<caption id=\"parc-caption\">Logements sociaux à Cergy par taille (chiffres de démonstration)</caption>");
    expect(page.body).toContain('role="img" aria-labelledby="graphique-parc-title graphique-parc-desc"');
    expect(page.body).toContain("T1 : 640, T2 : 1\u202f310, T3 : 1\u202f890, T4 : 1\u202f020, T5 et + : 310.");
    expect(page.body).toContain("<strong>3\u202f400</strong> demandes en attente");
    expect(page.body).toContain("<strong>21 mois</strong> d&#39;attente en moyenne");
    expect(page.body).toContain("<strong>5\u202f170</strong> logements sociaux");
    expect(page.body).toContain("Chiffres de démonstration");
    expect(page.body).not.toContain("style=");
  });

  it("lists the communes of an ambiguous postal code, each linking to its figures, and goes straight to a single one", async () => {
    const browser = new TestBrowser(t.app);
    const list = await browser.get("/offres-par-commune?commune=95000");
    expect(list.body).toContain("Communes du code postal 95000");
    expect(list.body).toContain('<a href="/offres-par-commune?commune=95127">Cergy</a>');
    expect(list.body).toMatch(/<a href="\/offres-par-commune\?commune=95500">Pontoise<\/a>\s*<\/li>/);
    expect(list.body).toMatch(/<a href="\/offres-par-commune\?commune=95[0-9]{3}">[^<]+<\/a><span class="field__hint"> \(aucune donnée chargée\)<\/span>/);
    const paris = await browser.get("/offres-par-commune?commune=75011");
    expect(paris.body).toContain("<caption id=\"parc-caption\">Logements sociaux à Paris par taille (chiffres de démonstration)</caption>");
    expect(cells(paris.body)[0]).toEqual(["T1", 24310]);
  });

  it("answers an empty, unknown or malformed search with a French message, status 422 and the search kept", async () => {
    const browser = new TestBrowser(t.app);
    for (const [query, message] of [
      ["", "Saisissez le nom ou le code postal de la commune."],
      ["Xyzzyville", "Cette commune est introuvable"],
      ["00000", "Aucune commune n&#39;a le code postal 00000"],
      ["<script>", "Cette commune est introuvable"],
    ] as const) {
      const response = await browser.get(`/offres-par-commune?commune=${encodeURIComponent(query)}`);
      expect(response.statusCode, query).toBe(422);
      expect(response.body, query).toContain(`<a href="#champ-commune">${message}`);
      expect(response.body).toContain(`value="${query.replace("<", "&lt;").replace(">", "&gt;")}"`);
    }
    const repeated = await browser.get("/offres-par-commune?commune=a&commune=b");
    // A repeated parameter is no search at all: the same answer as an empty one, never a 500.
    expect(repeated.statusCode).toBe(422);
  });
});
