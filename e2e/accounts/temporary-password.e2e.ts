import { describe, expect, test } from "vitest";
import { issueTemporaryPassword } from "../../src/features/temporary-password/issue-temporary-password.ts";
import { buildAccount } from "../../test/builders.ts";
import { useE2e } from "../support/journey.ts";
import { expectPage, flash, logIn, logOut, summaryList, fromDashboardToMyAccount } from "./pages.ts";

const e2e = useE2e();

describe("a temporary password, issued by an administrator", () => {
  test("opens the account once, forces the choice of a new password, which then opens the account", async () => {
    const { deps } = e2e.server;
    const account = await buildAccount(deps.db, { lastName: "Bernard", firstName: "Lou" });
    // What `npm run guichet -- issue-temporary-password ID` does, with the running portal's deps.
    const { password: temporaryPassword } = await issueTemporaryPassword(deps, account.identifier, { via: "e2e" });
    const newPassword = "Cerisier~Blanc58";

    await e2e.journey(async (journey) => {
      const { page } = journey;
      // The password the account had before no longer works.
      await journey.goto("/connexion");
      await logIn(journey, account.identifier, account.password);
      await expect(page.getByRole("alert").textContent()).resolves.toBe("Identifiant ou mot de passe incorrect.");

      await logIn(journey, account.identifier, temporaryPassword);
      await expectPage(journey, "/mot-de-passe-temporaire", "Choisissez votre mot de passe");

      // Nothing else is reachable until the password is chosen.
      await journey.goto("/mon-compte");
      await expectPage(journey, "/mot-de-passe-temporaire", "Choisissez votre mot de passe");

      // A confirmation that does not match is refused.
      await journey.fill("Nouveau mot de passe", newPassword);
      await journey.fill("Confirmation du nouveau mot de passe", "Cerisier~Blanc59");
      await journey.submit("Enregistrer mon mot de passe");
      await expectPage(journey, "/mot-de-passe-temporaire", "Choisissez votre mot de passe");
      expect(await page.title()).toMatch(/^Erreur : /);
      await expect(page.locator("[data-error-summary] li").allTextContents()).resolves.toEqual([
        expect.stringMatching(/^Confirmation du nouveau mot de passe : /),
      ]);

      await journey.fill("Nouveau mot de passe", newPassword);
      for (const met of await page.locator("#champ-newPassword-rules li[data-rule]").evaluateAll((items) => items.map((item) => item.classList.contains("is-met")))) {
        expect(met).toBe(true);
      }
      await journey.fill("Confirmation du nouveau mot de passe", newPassword);
      await journey.submit("Enregistrer mon mot de passe");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await flash(journey)).toBe("Votre mot de passe a bien été modifié.");
      expect(await summaryList(page)).toMatchObject({ Identifiant: account.identifier, Nom: "Bernard", Prénom: "Lou" });

      await logOut(journey);
      await journey.goto("/connexion");
      // The temporary password served once.
      await logIn(journey, account.identifier, temporaryPassword);
      await expect(page.getByRole("alert").textContent()).resolves.toBe("Identifiant ou mot de passe incorrect.");
      await logIn(journey, account.identifier, newPassword);
      await fromDashboardToMyAccount(journey);
    });
  });

  test("can be left by logging out, and still has to be replaced at the next login", async () => {
    const { deps } = e2e.server;
    const account = await buildAccount(deps.db);
    const { password: temporaryPassword } = await issueTemporaryPassword(deps, account.identifier);

    await e2e.journey(async (journey) => {
      await journey.goto("/connexion");
      await logIn(journey, account.email, temporaryPassword);
      await expectPage(journey, "/mot-de-passe-temporaire", "Choisissez votre mot de passe");
      await logOut(journey);
      await expectPage(journey, "/", /^Bienvenue/);
      expect(await flash(journey)).toBe("Vous êtes déconnecté.");
      await journey.goto("/connexion");
      await logIn(journey, account.identifier, temporaryPassword);
      await expectPage(journey, "/mot-de-passe-temporaire", "Choisissez votre mot de passe");
    });
  });
});
