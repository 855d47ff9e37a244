import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { findCeilingsInForce, findStockOfCommunes, listCeilingTables } from "../../core/housing/queries.ts";
import { STOCK_EXAMPLE } from "../../core/housing/stock-file.ts";
import { adminBrowser, ceilingsCsv, uploadTable } from "./test-support.ts";

describe("the social housing tables' admin page", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("is hidden from anyone but a platform admin, and so are its uploads", async () => {
    const anonymous = new TestBrowser(t.app);
    expect((await anonymous.get("/administration/logement-social")).headers.location).toBe("/connexion?retour=%2Fadministration%2Flogement-social");
    const applicant = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    await logInAs(browser, applicant);
    expect((await browser.get("/administration/logement-social")).statusCode).toBe(404);
    await browser.get("/mon-compte");
    expect((await uploadTable(t, browser, "/administration/logement-social/plafonds", "plafonds", { name: "p.csv", content: ceilingsCsv([2026]) })).statusCode).toBe(404);
    expect(await listCeilingTables(t.deps.db)).toEqual([]);
  });

  it("is listed among the administration tools, and shows the example format of both files", async () => {
    const { browser } = await adminBrowser(t);
    expect((await browser.get("/administration")).body).toContain('href="/administration/logement-social"');
    const page = await browser.get("/administration/logement-social");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("annee;financement;zone;categorie_1;categorie_2;categorie_3;categorie_4;categorie_5;categorie_6;par_personne_supplementaire");
    expect(page.body).toContain("code_commune;commune;t1;t2;t3;t4;t5_et_plus;demandes_en_attente;delai_moyen_mois");
    expect(page.body).toContain("Aucun plafond n&#39;est chargé");
  });

  it("loads a ceilings CSV, shows the year, its rows, when and who, and audits the load", async () => {
    const { browser, admin } = await adminBrowser(t);
    await browser.get("/administration/logement-social");
    const response = await uploadTable(t, browser, "/administration/logement-social/plafonds", "plafonds", { name: "plafonds-2026.csv", content: ceilingsCsv([2026]) });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Plafonds de ressources chargés pour l&#39;année 2026. 9 lignes lues.");
    expect(response.body).toMatch(/<th scope="row"[^>]*>2026<\/th>\s*<td[^>]*>9<\/td>/);
    expect(response.body).toContain(`<td data-label="Par">${admin.identifier}</td>`);
    expect(response.body).toContain('<td data-label="Fichier">plafonds-2026.csv</td>');
    const audit = await t.deps.db.selectFrom("auditEvents").selectAll().where("event", "=", "housing.ceilings_loaded").execute();
    expect(audit).toEqual([expect.objectContaining({ actorId: admin.id, details: expect.objectContaining({ years: [2026], lines: 9 }) })]);
  });

  it("reports every broken line of a ceilings file and loads nothing, not even the good years", async () => {
    const before = await findCeilingsInForce(t.deps.db, 2026);
    const { browser } = await adminBrowser(t);
    await browser.get("/administration/logement-social");
    const broken = `${ceilingsCsv([2026, 2027]).trimEnd()}\r\n2028;PLUS;paris;un;2;3;4;5;6;7\r\n`.replace("2026;PLAI;paris;14 051", "2026;PLAI;paris;-14 051");
    const response = await uploadTable(t, browser, "/administration/logement-social/plafonds", "plafonds", { name: "p.csv", content: broken });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Erreur : ");
    expect(response.body).toContain("2 lignes sont à corriger : rien n&#39;a été chargé.");
    expect(response.body).toMatch(/<th scope="row"[^>]*>2<\/th>\s*<td[^>]*>\s*<ul>\s*<li>categorie_1 : « -14 051 » : Le montant ne peut pas être négatif\.<\/li>/);
    expect(response.body).toContain("categorie_1 : « un »");
    expect(await findCeilingsInForce(t.deps.db, 2027)).toEqual(before);
    expect((await listCeilingTables(t.deps.db)).map((table) => table.year)).toEqual([2026]);
  });

  it("refuses a missing file, a file that is not CSV and one without the columns, with the message in the summary", async () => {
    const { browser } = await adminBrowser(t);
    await browser.get("/administration/logement-social");
    const none = await uploadTable(t, browser, "/administration/logement-social/parc", "parc");
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('<a href="#champ-parc">Choisissez le fichier CSV à charger.</a>');
    const binary = await uploadTable(t, browser, "/administration/logement-social/parc", "parc", { name: "parc.xlsx", content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]) });
    expect(binary.statusCode).toBe(422);
    expect(binary.body).toContain("n&#39;est pas un fichier texte CSV");
    const columns = await uploadTable(t, browser, "/administration/logement-social/parc", "parc", { name: "parc.csv", content: "commune;t1\nMontreuil;3\n" });
    expect(columns.body).toContain("Il manque les colonnes « code_commune », « t2 »");
  });

  it("loads the housing stock, replacing the whole stock, and reports a broken file's lines without touching it", async () => {
    const { browser, admin } = await adminBrowser(t);
    await browser.get("/administration/logement-social");
    const loaded = await uploadTable(t, browser, "/administration/logement-social/parc", "parc", { name: "parc.csv", content: STOCK_EXAMPLE });
    expect(loaded.statusCode).toBe(200);
    expect(loaded.body).toContain("Parc de logements chargé : 2 communes.");
    expect(loaded.body).toContain(`par ${admin.identifier} (fichier parc.csv).`);
    expect((await findStockOfCommunes(t.deps.db, ["93048", "95127"])).map((row) => row.communeName)).toEqual(["Cergy", "Montreuil"]);

    const broken = "code_commune;t1;t2;t3;t4;t5_et_plus;demandes_en_attente;delai_moyen_mois\n75056;1;2;3;4;5;6;7\n12345;1;2;3;4;5;6;7\n";
    const refused = await uploadTable(t, browser, "/administration/logement-social/parc", "parc", { name: "parc2.csv", content: broken });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("1 ligne est à corriger : rien n&#39;a été chargé.");
    expect(refused.body).toMatch(/<th scope="row"[^>]*>3<\/th>\s*<td[^>]*>\s*<ul>\s*<li>code_commune : « 12345 » n&#39;est pas un code de commune/);
    expect(await findStockOfCommunes(t.deps.db, ["75056"])).toEqual([]);
    expect(await findStockOfCommunes(t.deps.db, ["93048"])).toHaveLength(1);
  });
});
