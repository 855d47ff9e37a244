import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import type { Journey } from "../support/journey.ts";
import { useE2e } from "../support/journey.ts";
import { errorSummary, expectPage, flash, fromDashboardToMyAccount, logIn, summaryList } from "./pages.ts";

const e2e = useE2e();

const COMMUNE = "Commune de naissance, si vous êtes né(e) en France";
const COUNTRY = "Pays de naissance, si vous êtes né(e) à l'étranger";
const NIR = "Numéro de sécurité sociale (facultatif)";

/** Fails when the page scrolls sideways (its content wider than the window). */
async function expectNoHorizontalScroll(journey: Journey) {
  const overflow = await journey.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, new URL(journey.page.url()).pathname).toBeLessThanOrEqual(0);
}

async function toIdentityForm(journey: Journey, account: { identifier: string; password: string }) {
  await journey.goto("/connexion");
  await logIn(journey, account.identifier, account.password);
  await fromDashboardToMyAccount(journey);
  await journey.click("Modifier mes informations");
  await expectPage(journey, "/mon-compte/mes-informations", "Modifier mes informations");
}

describe("the civil identity in Mon compte", () => {
  test("with JavaScript, at 375 px: born in France, an ambiguous commune explained, then saved with the NIR", async () => {
    const account = await buildAccount(e2e.server.deps.db, { civility: "M.", lastName: "Dupont", firstName: "Jean" });
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await page.setViewportSize({ width: 375, height: 800 });
      await toIdentityForm(journey, account);
      await expectNoHorizontalScroll(journey);

      // The commune and the country show once the person says where they were born.
      expect(await page.getByLabel(COMMUNE).isVisible()).toBe(false);
      expect(await page.getByLabel(COUNTRY).isVisible()).toBe(false);
      await journey.fill("Jour", "3");
      await journey.fill("Mois", "12");
      await journey.fill("Année", "1984");
      await journey.check("Né(e) en France");
      expect(await page.getByLabel(COMMUNE).isVisible()).toBe(true);
      expect(await page.getByLabel(COUNTRY).isVisible()).toBe(false);
      await journey.fill(COMMUNE, "Saint-Denis");
      await journey.check("Masculin");
      await journey.fill(NIR, "1 84 12 76 451 089 46");
      await journey.submit("Valider");

      expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Commune de naissance : Plusieurs communes portent ce nom \(départements .*\) : précisez le département/)]);
      expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-error-summary"))).toBe(true);
      expect(await page.getByLabel("Année").inputValue()).toBe("1984");
      expect(await page.getByLabel(NIR).inputValue()).toBe("1 84 12 76 451 089 46");
      await expectNoHorizontalScroll(journey);
      await journey.clickOn(page.locator("[data-error-summary]").getByRole("link", { name: /^Commune de naissance/ }), { navigates: false });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("champ-birthCommune");

      // Mont-Saint-Aignan is the commune the NIR names (76 451).
      await journey.fill(COMMUNE, "Mont-Saint-Aignan");
      await journey.submit("Valider");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await flash(journey)).toBe("Vos informations ont bien été enregistrées.");
      expect(await summaryList(page)).toMatchObject({
        "Date de naissance": "3 décembre 1984",
        "Lieu de naissance": "Mont-Saint-Aignan (76)",
        Sexe: "Masculin",
        "Numéro de sécurité sociale": "1 84 12 76 451 089 46",
      });
      await expectNoHorizontalScroll(journey);
    });
  });

  test("without JavaScript, at 375 px: born abroad, a NIR of another country refused, then saved", async () => {
    const account = await buildAccount(e2e.server.deps.db, { civility: "Mme", lastName: "Benali", firstName: "Samia" });
    await e2e.withoutJavaScript(async (journey) => {
      const { page } = journey;
      await page.setViewportSize({ width: 375, height: 800 });
      await toIdentityForm(journey, account);
      await expectNoHorizontalScroll(journey);

      // Without JavaScript both the commune and the country show; their labels say when each applies.
      expect(await page.getByLabel(COMMUNE).isVisible()).toBe(true);
      expect(await page.getByLabel(COUNTRY).isVisible()).toBe(true);
      await journey.fill("Jour", "1");
      await journey.fill("Mois", "2");
      await journey.fill("Année", "1975");
      await journey.check("Né(e) à l'étranger");
      await journey.select(COUNTRY, "Maroc");
      await journey.check("Féminin");
      // 99 352 is Algeria's code, not Morocco's (99 350).
      await journey.fill(NIR, "2 75 02 99 352 012 84");
      await journey.submit("Valider");
      expect(await errorSummary(journey)).toEqual(["Numéro de sécurité sociale : Le numéro de sécurité sociale ne correspond pas à votre pays de naissance."]);
      expect(await page.getByLabel(COUNTRY).inputValue()).toBe("99350");
      await expectNoHorizontalScroll(journey);

      await journey.fill(NIR, "275029935001247");
      await journey.submit("Valider");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await summaryList(page)).toMatchObject({
        "Date de naissance": "1 février 1975",
        "Lieu de naissance": "Maroc",
        Sexe: "Féminin",
        "Numéro de sécurité sociale": "2 75 02 99 350 012 47",
      });
      await expectNoHorizontalScroll(journey);
    });
  });

  test("an identity verified by FranceConnect is shown locked; only the civility and the NIR are fields", async () => {
    const account = await buildAccount(e2e.server.deps.db, {
      civility: "M.",
      lastName: "Santoni",
      firstName: "Pierre",
      birthDate: "1970-12-03",
      birthCommuneCode: "2A004",
      birthCountryCode: "99100",
      sex: "M",
      identityVerifiedAt: new Date(),
    });
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await toIdentityForm(journey, account);
      await expect(page.getByText("Identité vérifiée par FranceConnect").count()).resolves.toBe(1);
      expect(await summaryList(page)).toMatchObject({ Nom: "Santoni", "Date de naissance": "3 décembre 1970", "Lieu de naissance": "Ajaccio (2A)" });
      await expect(page.getByLabel("Nom", { exact: true }).count()).resolves.toBe(0);
      await expect(page.getByLabel("Jour").count()).resolves.toBe(0);
      // Born in Ajaccio before 1976: the number has 20 for Corsica.
      await journey.fill(NIR, "1 70 12 20 004 089 37");
      await journey.submit("Valider");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await summaryList(page)).toMatchObject({ "Numéro de sécurité sociale": "1 70 12 20 004 089 37" });
    });
  });
});
