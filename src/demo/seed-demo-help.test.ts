import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.ts";
import { listArticles, listThemes } from "../core/help/queries.ts";
import { searchHelp } from "../core/help/search-help.ts";
import { PORTAL_PROCEDURES_DIRECTORY } from "../core/procedures/directory.ts";
import type { ProcedureDefinition } from "../core/procedures/definition/schema.ts";
import { fixedClock } from "../platform/clock.ts";
import type { Db } from "../platform/db/database.ts";
import { demoHelp, seedDemoHelp } from "./seed-demo-help.ts";

describe("the demo help, Comment ça marche ?", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  const clock = fixedClock();
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await seedDemoHelp({ db, clock });
  });
  afterAll(() => database.drop());

  it("has seed 003's themes in order, each with published articles, and seeds them once", async () => {
    expect((await listThemes(db)).map((theme) => theme.title)).toEqual([
      "Je crée une première demande",
      "Je joins mes pièces justificatives",
      "Je modifie ma demande",
      "Les délais",
      "Je renouvelle ma demande",
    ]);
    await seedDemoHelp({ db, clock });
    const articles = await listArticles(db, { publishedOnly: true });
    expect(articles).toHaveLength(demoHelp.flatMap((entry) => entry.articles).length);
  });

  it("links the demo procedures' steps and fields to articles it has", async () => {
    const slugs = new Set((await listArticles(db, { publishedOnly: true })).map((article) => article.slug));
    const linked: string[] = [];
    for (const file of (await readdir(PORTAL_PROCEDURES_DIRECTORY)).filter((name) => name.endsWith(".json"))) {
      const definition = JSON.parse(await readFile(path.join(PORTAL_PROCEDURES_DIRECTORY, file), "utf8")) as ProcedureDefinition;
      for (const step of definition.étapes) {
        for (const slug of [step.article_aide, ...step.champs.map((field) => field.article_aide)]) if (slug) linked.push(slug);
      }
    }
    expect(linked.length).toBeGreaterThanOrEqual(3);
    for (const slug of linked) expect(slugs, slug).toContain(slug);
  });

  it("links articles to each other by addresses that exist", () => {
    const slugs = new Set(demoHelp.flatMap((entry) => entry.articles.map((article) => article.slug)));
    for (const article of demoHelp.flatMap((entry) => entry.articles)) {
      for (const [, slug] of article.body.matchAll(/\]\(\/comment-ca-marche\/([a-z0-9-]+)\)/g)) expect(slugs, `${article.slug} → ${slug}`).toContain(slug);
    }
  });

  describe("search relevance: the right article first, misspelt and without accents", () => {
    const cases: [query: string, slug: string][] = [
      ["piece jointes", "formats-et-taille-des-pieces-jointes"],
      ["renouvler", "renouveler-ma-demande-de-logement-social"],
      ["renouveller ma demande", "renouveler-ma-demande-de-logement-social"],
      ["revenu fiscal de referance", "ou-trouver-mon-revenu-fiscal-de-reference"],
      ["modifer ma demande", "modifier-une-demande"],
      ["abandoner", "abandonner-une-demande"],
      ["pieces complementaires", "repondre-a-une-demande-de-pieces-complementaires"],
      ["poursuivre plus tard", "poursuivre-ma-demande-plus-tard"],
      ["premiere demande logement", "deposer-une-premiere-demande-de-logement-social"],
      ["combien de temps reponse", "delais-de-traitement"],
      ["TAILLE FICHIER", "formats-et-taille-des-pieces-jointes"],
    ];
    for (const [query, slug] of cases) {
      it(`« ${query} » → ${slug}`, async () => {
        const { hits } = await searchHelp(db, query);
        expect(hits[0]?.slug).toBe(slug);
      });
    }
  });
});
