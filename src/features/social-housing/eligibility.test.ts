import { Writable } from "node:stream";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { demoCeilingRows, seedDemoHousing } from "../../demo/seed-demo-housing.ts";
import { adminBrowser, ceilingsCsv, uploadTable } from "./test-support.ts";

const household = { personnes: "1", couple: "non", jeune_menage: "", personnes_a_charge: "0", handicap: "non", commune: "Paris", revenu: "18 540,50 €" };

/** Each demo ceiling raised by 10 %: a different table, to tell the years apart. */
const raised = demoCeilingRows().map((row) => ({
  ...row,
  category1: Math.round(row.category1 * 1.1),
  category2: Math.round(row.category2 * 1.1),
  category3: Math.round(row.category3 * 1.1),
  category4: Math.round(row.category4 * 1.1),
  category5: Math.round(row.category5 * 1.1),
  category6: Math.round(row.category6 * 1.1),
  perAdditionalPerson: Math.round(row.perAdditionalPerson * 1.1),
}));

describe("Suis-je éligible ?", () => {
  let t: TestApp;
  const logs: string[] = [];
  beforeAll(async () => {
    const logStream = new Writable({ write: (chunk, _encoding, done) => (logs.push(String(chunk)), done()) });
    t = await createTestApp({ logStream, env: { LOG_LEVEL: "info" } });
  });
  afterAll(() => t.close());

  async function take(fields: Partial<typeof household>) {
    const browser = new TestBrowser(t.app);
    return browser.submit("/suis-je-eligible", { ...household, ...fields });
  }

  it("says the test is not available while no ceilings are loaded, keeping what was typed", async () => {
    const page = await new TestBrowser(t.app).get("/suis-je-eligible");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Le test n&#39;est pas disponible");
    const answer = await take({});
    expect(answer.statusCode).toBe(503);
    expect(answer.body).toContain('value="18 540,50 €"');
  });

  it("needs no account and asks the household, the commune and the income of year N-2", async () => {
    const { browser } = await adminBrowser(t);
    await browser.get("/administration/logement-social");
    expect((await uploadTable(t, browser, "/administration/logement-social/plafonds", "plafonds", { name: "p.csv", content: ceilingsCsv([2025]) })).statusCode).toBe(200);
    expect((await uploadTable(t, browser, "/administration/logement-social/plafonds", "plafonds", { name: "p.csv", content: ceilingsCsv([2027], raised) })).statusCode).toBe(200);
    const page = await new TestBrowser(t.app).get("/suis-je-eligible");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Revenu fiscal de référence 2024 du foyer, en euros");
    expect(page.body).toContain("l&#39;avis d&#39;impôt 2025 sur les revenus de 2024");
    expect(page.body).not.toContain("n&#39;est pas disponible");
  });

  it("answers a person alone in Paris earning 18 540,50 €: category 1, Paris zone, above PLAI and under PLUS", async () => {
    const answer = await take({});
    expect(answer.statusCode).toBe(200);
    const body = answer.body;
    expect(body).toContain("Vos revenus permettent d&#39;accéder à la plupart des logements sociaux");
    expect(body).toContain("Catégorie de ménage 1</strong> : Le foyer compte 1 personne.");
    expect(body).toContain("Zone « Paris et communes limitrophes »</strong> : Paris est Paris.");
    // The clock says 2026: the latest table loaded before it is 2025's.
    expect(body).toContain("Plafonds de l&#39;année 2025</strong>, qui s&#39;appliquent aux revenus de 2023.");
    expect(body).toContain("Vos revenus (18\u202f540,50\u00a0€) comparés aux plafonds 2025, catégorie 1, Paris et communes limitrophes");
    expect(body).toMatch(/PLAI : très social<\/th>\s*<td[^>]*>14\u202f051,00\u00a0€<\/td>\s*<td[^>]*>au-dessus<\/td>/);
    expect(body).toMatch(/PLUS[^<]*<\/th>\s*<td[^>]*>25\u202f542,00\u00a0€<\/td>\s*<td[^>]*>sous le plafond<\/td>/);
    expect(body).toContain('href="/demarches/logement-social"');
    expect(body).toContain('href="/offres-par-commune?commune=75056"');
    // The form comes back filled in, to try again with a change.
    expect(body).toContain('value="18 540,50 €"');
  });

  it("reads the income however it is typed in French", async () => {
    for (const revenu of ["18540.50", "18 540,50", "18\u00a0540,50 euros", "18540,5"]) {
      expect((await take({ revenu })).body, revenu).toContain("(18\u202f540,50\u00a0€)");
    }
    expect((await take({ revenu: "18 540" })).body).toContain("(18\u202f540,00\u00a0€)");
  });

  it("derives the zone from the commune: a commune bordering Paris, the rest of Île-de-France, other regions", async () => {
    expect((await take({ commune: "Montreuil (93)" })).body).toContain("Montreuil est une commune limitrophe de Paris.");
    const cergy = (await take({ commune: "Cergy 95000", revenu: "26 000" })).body;
    expect(cergy).toContain("Zone « Île-de-France hors Paris et communes limitrophes »</strong> : Cergy est en Île-de-France (département 95)");
    expect(cergy).toContain("Vos revenus permettent d&#39;accéder aux logements intermédiaires");
    const lyon = (await take({ commune: "69003", revenu: "12 000" })).body;
    expect(lyon).toContain("Zone « Autres régions »</strong> : Lyon est hors d&#39;Île-de-France.");
    expect(lyon).toContain("Vos revenus permettent d&#39;accéder à tous les logements sociaux");
    expect((await take({ commune: "Lyon", revenu: "40 000" })).body).toContain("Vos revenus dépassent les plafonds");
  });

  it("derives the household category: young couple, single parent, disability, persons beyond 6", async () => {
    const young = (await take({ personnes: "2", couple: "oui", jeune_menage: "oui", commune: "Lyon", revenu: "1" })).body;
    expect(young).toContain("Catégorie de ménage 3</strong> : Un jeune ménage");
    expect(young).toContain('<td data-label="Plafond" class="table__cell--number">21\u202f398,00\u00a0€</td>');
    expect((await take({ personnes: "3", personnes_a_charge: "2", commune: "Lyon" })).body).toContain("Catégorie de ménage 4</strong> : Une personne seule avec 2 personnes à charge");
    expect((await take({ handicap: "oui", commune: "Lyon" })).body).toContain("Catégorie de ménage 2</strong> : Le foyer compte 1 personne dont au moins une en situation de handicap");
    // 8 persons in the other regions: PLUS category 6 (57 080) + 2 × 6 367.
    const large = (await take({ personnes: "8", couple: "oui", jeune_menage: "non", personnes_a_charge: "6", commune: "Lyon", revenu: "60 000" })).body;
    expect(large).toContain("Catégorie de ménage 6</strong> et 2 personnes supplémentaires");
    expect(large).toMatch(/PLUS[^<]*<\/th>\s*<td[^>]*>69\u202f814,00\u00a0€<\/td>\s*<td[^>]*>sous le plafond<\/td>/);
  });

  it("uses the table of the year in force: the 2027 one once the clock reaches 2027", async () => {
    t.clock.set(new Date("2027-02-01T10:00:00Z"));
    try {
      const body = (await take({})).body;
      expect(body).toContain("Plafonds de l&#39;année 2027</strong>, qui s&#39;appliquent aux revenus de 2025.");
      expect(body).toContain(`<td data-label="Plafond" class="table__cell--number">${(Math.round(25_542 * 1.1)).toLocaleString("fr-FR")},00\u00a0€</td>`);
    } finally {
      t.clock.set(new Date("2026-03-02T09:00:00Z"));
    }
  });

  it("answers bad input with French messages linked from the summary, status 422 and the values kept", async () => {
    const cases: [Partial<typeof household>, string, string][] = [
      [{ revenu: "-18 540" }, "revenu", "Le montant ne peut pas être négatif."],
      [{ revenu: "dix-huit mille" }, "revenu", "Le montant ne doit comporter que des chiffres"],
      [{ revenu: "" }, "revenu", "Saisissez le revenu fiscal de référence du foyer"],
      [{ personnes: "0" }, "personnes", "Indiquez le nombre de personnes du foyer en chiffres, de 1 à 20"],
      [{ personnes: "deux" }, "personnes", "Indiquez le nombre de personnes du foyer en chiffres"],
      [{ personnes: "" }, "personnes", "Indiquez le nombre de personnes du foyer, vous compris."],
      [{ commune: "Xyzzyville" }, "commune", "Cette commune est introuvable"],
      [{ commune: "95000" }, "commune", "Le code postal 95000 dessert plusieurs communes"],
      [{ commune: "" }, "commune", "Saisissez le nom ou le code postal de la commune."],
      [{ couple: "oui", jeune_menage: "" , personnes: "2" }, "jeune_menage", "Indiquez si la somme des âges"],
      [{ personnes: "2", personnes_a_charge: "3" }, "personnes_a_charge", "il ne peut pas y avoir plus de 1 personne(s) à charge"],
      [{ handicap: "peut-être" }, "handicap", "Indiquez si une personne du foyer est en situation de handicap."],
    ];
    for (const [fields, name, message] of cases) {
      const response = await take(fields);
      expect(response.statusCode, message).toBe(422);
      expect(response.body).toContain("<title>Erreur : ");
      expect(response.body, message).toMatch(new RegExp(`<a href="#champ-${name}">[^<]*${message.replace(/[()]/g, "\\$&").replace(/'/g, "&#39;")}`));
      const typed = { ...household, ...fields }[name as keyof typeof household];
      if (typed && name !== "handicap" && name !== "jeune_menage") expect(response.body, message).toContain(`value="${typed}"`);
    }
  });

  it("stores nothing and logs nothing of the answers", async () => {
    const counts = async () => {
      const { rows } = await sql<{ tableName: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(t.deps.db);
      const result: Record<string, number> = {};
      for (const { tableName } of rows) {
        result[tableName] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(tableName)}`.execute(t.deps.db)).rows[0]!.n;
      }
      return result;
    };
    // Run alone, this test needs ceilings too (a no-op after the tests above loaded theirs).
    await seedDemoHousing(t.deps);
    const browser = new TestBrowser(t.app);
    await browser.get("/suis-je-eligible");
    const before = await counts();
    logs.length = 0;
    const answer = await browser.post("/suis-je-eligible", { ...household, commune: "Vincennes", revenu: "31 234,56" });
    expect(answer.statusCode).toBe(200);
    expect(await counts()).toEqual(before);
    const logged = logs.join("");
    expect(logged).toContain("/suis-je-eligible");
    expect(logged).not.toContain("31 234");
    expect(logged).not.toContain("Vincennes");
  });
});
