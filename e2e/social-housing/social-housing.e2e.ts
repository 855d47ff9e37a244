import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { useE2e } from "../support/journey.ts";
import type { Journey } from "../support/journey.ts";
import { errorSummary, expectPage, logIn } from "../accounts/pages.ts";
import { STOCK_EXAMPLE } from "../../src/core/housing/stock-file.ts";
import { ceilingsCsv } from "../../src/features/social-housing/test-support.ts";
import { seedDemoHousing } from "../../src/demo/seed-demo-housing.ts";

const e2e = useE2e();
const year = Number(new Intl.DateTimeFormat("fr-FR", { year: "numeric", timeZone: "Europe/Paris" }).format(new Date()));

async function answer(journey: Journey, group: RegExp, choice: "Oui" | "Non") {
  await journey.page.getByRole("group", { name: group }).getByLabel(choice, { exact: true }).check();
}

describe("social housing: eligibility and offers by commune", () => {
  test("a platform admin loads the ceilings and the housing stock from CSV files", async () => {
    const admin = await buildAccount(e2e.server.deps.db, { role: "platform_admin" });
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, admin.identifier, admin.password);
      await journey.goto("/administration");
      await journey.click("Logement social : plafonds et parc");
      await expectPage(journey, "/administration/logement-social", "Logement social : plafonds et parc");

      // A broken line: reported with its line number, nothing loaded.
      const broken = ceilingsCsv([year]).replace(`${year};PLUS;paris;`, `${year};PLUS;Lyon;`);
      await page.getByLabel("Fichier des plafonds (CSV)").setInputFiles({ name: "plafonds.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
      await journey.submit("Charger les plafonds");
      expect(await errorSummary(journey)).toEqual(["1 ligne est à corriger : rien n'a été chargé."]);
      expect(await page.getByRole("row", { name: /zone : « Lyon »/ }).count()).toBe(1);

      await page.getByLabel("Fichier des plafonds (CSV)").setInputFiles({ name: "plafonds.csv", mimeType: "text/csv", buffer: Buffer.from(ceilingsCsv([year])) });
      await journey.submit("Charger les plafonds");
      expect(await page.getByRole("status").first().textContent()).toContain(`Plafonds de ressources chargés pour l'année ${year}.`);
      expect(await page.getByRole("row", { name: new RegExp(`^${year} 9 `) }).count()).toBe(1);

      await page.getByLabel("Fichier du parc (CSV)").setInputFiles({ name: "parc.csv", mimeType: "text/csv", buffer: Buffer.from(STOCK_EXAMPLE) });
      await journey.submit("Charger le parc");
      expect(await page.locator("main").textContent()).toContain("Parc de logements chargé : 2 communes.");
    });
  });

  for (const javaScript of [true, false]) {
    test(`an anonymous visitor takes the eligibility test and finds the offers for a postal code (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      // Run alone, the visitor's journeys need tables too: the demo's (a no-op after the admin's load).
      await seedDemoHousing(e2e.server.deps);
      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        // With JavaScript, the journey is made on a 375 px wide screen: no page may scroll sideways.
        if (javaScript) await page.setViewportSize({ width: 375, height: 800 });
        await journey.goto("/suis-je-eligible");
        await expectPage(journey, "/suis-je-eligible", "Suis-je éligible à un logement social ?");
        await journey.fill("Nombre de personnes qui vivront dans le logement", "3");
        await answer(journey, /comprend-il un couple/, "Non");
        await journey.fill("Nombre de personnes à charge", "2");
        await answer(journey, /situation de handicap/, "Non");
        await journey.fill("Commune où vous cherchez un logement", "95000");
        await journey.fill(`Revenu fiscal de référence ${year - 2} du foyer, en euros`, "vingt mille");
        await journey.submit("Vérifier mon éligibilité");
        const errors = await errorSummary(journey);
        expect(errors).toHaveLength(2);
        expect(errors[0]).toMatch(/^Commune : Le code postal 95000 dessert plusieurs communes/);
        expect(await page.getByLabel("Nombre de personnes à charge").inputValue()).toBe("2");

        await journey.fill("Commune où vous cherchez un logement", "Cergy 95000");
        await journey.fill(`Revenu fiscal de référence ${year - 2} du foyer, en euros`, "26 540,50 €");
        await journey.submit("Vérifier mon éligibilité");
        const main = (await page.locator("main").textContent()) ?? "";
        expect(main).toContain("Vos revenus permettent d'accéder à tous les logements sociaux");
        expect(main).toContain("Catégorie de ménage 4");
        expect(main).toContain("Cergy est en Île-de-France (département 95)");
        expect(await page.getByRole("link", { name: "Déposer une demande" }).getAttribute("href")).toBe("/demarches/logement-social");
        if (javaScript) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        if (process.env.HOUSING_SCREENSHOTS) await page.screenshot({ path: `${process.env.HOUSING_SCREENSHOTS}/resultat-${javaScript}.png`, fullPage: true });

        await journey.click("Voir les logements sociaux à Cergy");
        await expectPage(journey, "/offres-par-commune", "Offres de logement social par commune");
        await journey.fill("Commune", "95000");
        await journey.submit("Rechercher");
        await journey.click("Cergy");
        const table = page.getByRole("table", { name: "Logements sociaux à Cergy par taille" });
        expect(await table.getByRole("row", { name: "T3 1 890" }).count()).toBe(1);
        const chart = page.getByRole("img", { name: "Logements sociaux à Cergy par taille" });
        expect(await chart.count()).toBe(1);

        if (!javaScript) return;
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        if (process.env.HOUSING_SCREENSHOTS) await page.screenshot({ path: `${process.env.HOUSING_SCREENSHOTS}/offres-375.png`, fullPage: true });
      });
    });
  }
});
