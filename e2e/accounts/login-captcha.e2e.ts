import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { passCaptcha } from "../support/captcha.ts";
import { useE2e } from "../support/journey.ts";
import { errorSummary, expectPage, logIn, fromDashboardToMyAccount } from "./pages.ts";

const e2e = useE2e();

describe("repeated login failures", () => {
  test("bring the captcha onto the login form; once the browser has solved it, the right password opens the account", async () => {
    const account = await buildAccount(e2e.server.deps.db);

    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await expect(page.locator("altcha-widget").count()).resolves.toBe(0);
      for (const attempt of ["Faux#Passe001", "Faux#Passe002", "Faux#Passe003"]) {
        await logIn(journey, account.identifier, attempt);
        await expect(page.getByRole("alert").textContent()).resolves.toBe("Identifiant ou mot de passe incorrect.");
      }
      // From the third failure on, the form carries the anti-robot check.
      expect(await page.getByRole("group", { name: "Vérification anti-robot" }).isVisible()).toBe(true);
      // With JavaScript the <noscript> part is inert: the one `altcha` field is the widget's, not
      // the short-wait token meant for browsers without scripts.
      await expect(page.locator('input[name="altcha"]').count()).resolves.toBe(1);
      await expect(page.locator('altcha-widget input[name="altcha"]').count()).resolves.toBe(1);

      // The right password without the check is not even examined.
      await journey.fill("Mot de passe", account.password);
      await page.evaluate(() => {
        // Sent before the widget could start: the field is empty, as for a robot that skips it.
        document.querySelector("altcha-widget")?.remove();
      });
      await journey.submit("Se connecter");
      await expectPage(journey, "/connexion", "Se connecter");
      expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Vérification anti-robot : /)]);

      await journey.fill("Identifiant ou adresse électronique", account.identifier);
      await journey.fill("Mot de passe", account.password);
      await passCaptcha(page);
      await journey.submit("Se connecter");
      await fromDashboardToMyAccount(journey);
    });
  });
});
