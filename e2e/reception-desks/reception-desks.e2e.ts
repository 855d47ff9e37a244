import { beforeAll, describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { seedDemoReceptionDesks } from "../../src/demo/seed-demo-reception-desks.ts";
import { useE2e } from "../support/journey.ts";
import { resizeTo } from "../support/layout.ts";
import type { Journey } from "../support/journey.ts";
import { errorSummary, expectPage, logIn } from "../accounts/pages.ts";

const e2e = useE2e();

const HEADER = "nom;adresse;code_postal;commune;horaires;telephone;services;latitude;longitude";
const good = "Guichet de Brest;1 rue de Siam;29200;Brest;du lundi au vendredi;;Aide aux démarches|Logement;48,3904;-4,4861";
// The commune does not match the postal code: the whole file is refused, with this line's number.
const broken = "Guichet de Quimper;2 rue Kéréon;29000;Rennes;le mardi;02 61 91 00 01;;47.9960;-4.1020";
const fixed = broken.replace(";29000;Rennes;", ";29000;Quimper;");

/** No sideways scroll at a phone's width (375 px), as RGAA 10.11 asks of every page. */
async function expectNoSidewaysScroll(journey: Journey) {
  await resizeTo(journey.page, { width: 375, height: 800 });
  const overflow = await journey.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await journey.page.setViewportSize({ width: 1280, height: 800 });
}

const deskNames = (journey: Journey) => journey.page.locator(".desk-list h3").allTextContents();

describe("reception desks and the accessibility statement", () => {
  beforeAll(async () => {
    await seedDemoReceptionDesks(e2e.server.deps);
  });

  for (const javaScript of [true, false]) {
    test(`an anonymous visitor finds the nearest desk for a postal code and reads the accessibility statement (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/");
        // The header's public menu and the footer's help channels are on every page.
        await expect(page.getByRole("navigation", { name: "Menu principal" }).getByRole("link").allTextContents()).resolves.toEqual([
          "Comment ça marche ?",
          "Suis-je éligible ?",
          "Offres par commune",
        ]);
        const footer = page.locator("footer");
        await expect(footer.getByRole("link", { name: "01 99 00 12 34" }).getAttribute("href")).resolves.toBe("tel:+33199001234");
        await journey.clickOn(footer.getByRole("link", { name: "Trouver un guichet d'accueil" }));
        await expectPage(journey, "/guichets-d-accueil", "Trouver un guichet d'accueil");

        // A postal code too short comes back with the error, what was typed kept.
        await journey.fill("Commune ou code postal", "6900");
        await journey.submit("Rechercher");
        expect(await errorSummary(journey)).toEqual(["Un code postal comporte 5 chiffres, par exemple 31000."]);
        await expect(page.getByLabel("Commune ou code postal").inputValue()).resolves.toBe("6900");

        await journey.fill("Commune ou code postal", "69003");
        await journey.submit("Rechercher");
        expect(await page.locator("h2#resultats").textContent()).toBe("Guichets d'accueil les plus proches de Lyon (69)");
        expect((await deskNames(journey)).slice(0, 3)).toEqual([
          "Guichet d'accueil de Lyon Part-Dieu",
          "Guichet d'accueil de Villeurbanne",
          "Maison des services de Vénissieux",
        ]);
        await expect(page.locator(".desk__distance").first().textContent()).resolves.toBe("à moins de 1 km");
        await expectNoSidewaysScroll(journey);

        // A postal code serving several communes: the visitor chooses hers.
        await journey.fill("Commune ou code postal", "31290");
        await journey.submit("Rechercher");
        await journey.click("Villefranche-de-Lauragais (31)", { role: "link" });
        expect(await page.locator("h2#resultats").textContent()).toBe("Guichets d'accueil les plus proches de Villefranche-de-Lauragais (31)");
        await expect(deskNames(journey)).resolves.toContain("Maison des services de Villefranche-de-Lauragais");
        expect((await deskNames(journey))[0]).toBe("Maison des services de Villefranche-de-Lauragais");

        await journey.clickOn(footer.getByRole("link", { name: "Accessibilité : partiellement conforme" }));
        await expectPage(journey, "/accessibilite", "Déclaration d'accessibilité");
        await expect(page.locator("main").textContent()).resolves.toMatch(/\d+,\d % des critères du RGAA sont respectés/);
        await expect(page.getByText("Critère 10.11", { exact: true }).count()).resolves.toBe(1);
        await expectNoSidewaysScroll(journey);
      });
    });
  }

  for (const javaScript of [true, false]) {
    test(`an admin loads a CSV with a broken line, reads the line report, fixes it and loads it (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const admin = await buildAccount(e2e.server.deps.db, { role: "platform_admin" });
      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, admin.identifier, admin.password);
        await journey.clickOn(page.getByRole("link", { name: "Administration", exact: true }));
        await journey.clickOn(page.getByRole("link", { name: "Guichets d'accueil" }));
        await expectPage(journey, "/administration/guichets-d-accueil", "Guichets d'accueil");
        // Signed in, the header holds both menus: still no sideways scroll at 375 px.
        await expectNoSidewaysScroll(journey);
        await journey.click("Charger un fichier CSV", { role: "link" });

        const file = (lines: string[]) => ({ name: "guichets.csv", mimeType: "text/csv", buffer: Buffer.from(`${HEADER}\n${lines.join("\n")}\n`) });
        await page.getByLabel("Fichier des guichets (CSV)").setInputFiles(file([good, broken]));
        await journey.submit("Charger le fichier");
        await expect(page.getByRole("heading", { name: "Aucun guichet n'a été chargé" }).count()).resolves.toBe(1);
        const row = page.getByRole("row", { name: /Guichet de Quimper/ });
        await expect(row.locator("th").textContent()).resolves.toBe("3");
        await expect(row.textContent()).resolves.toMatch(/commune : La commune ne correspond pas au code postal 29000/);

        await page.getByLabel("Fichier des guichets (CSV)").setInputFiles(file([good, fixed]));
        await journey.submit("Charger le fichier");
        await expect(page.locator("main").textContent()).resolves.toContain("2 guichets chargés");
        await journey.click("Voir la liste des guichets", { role: "link" });
        await expect(page.getByRole("row", { name: /Guichet de Quimper/ }).count()).resolves.toBe(1);

        // The visitor's search now finds them.
        await journey.goto("/guichets-d-accueil?q=quimper");
        expect((await deskNames(journey))[0]).toBe("Guichet de Quimper");
      });
    });
  }
});
