import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { passCaptcha } from "../support/captcha.ts";
import { useE2e, type Journey } from "../support/journey.ts";
import { linkIn } from "../support/smtp.ts";
import { errorSummary, expectPage, flash, heading, logIn, logOut, pathOf, section, summaryList, fromDashboardToMyAccount } from "./pages.ts";

const e2e = useE2e();

/** The live rules beside a new-password field, as the page shows them: rule id → met or not. */
async function passwordRules(journey: Journey, fieldId: string) {
  return journey.page.locator(`#${fieldId}-rules li[data-rule]`).evaluateAll((items) =>
    items.map((item) => ({
      rule: item.getAttribute("data-rule"),
      met: item.classList.contains("is-met"),
      unmet: item.classList.contains("is-unmet"),
      announced: item.querySelector(".password__rule-state")?.textContent ?? "",
    })),
  );
}

/** The password field labelled `label`, and its own show / hide button. */
function passwordField(journey: Journey, label: string) {
  const input = journey.page.getByLabel(label, { exact: true });
  const container = journey.page.locator("[data-password]").filter({ has: input });
  return { input, toggle: (name: string) => container.getByRole("button", { name, exact: true }) };
}

describe("an account's whole life, in Chromium with JavaScript", () => {
  test("create → activate → log in → edit identity → change password → log out → recover the identifier → reset the password → log in", async () => {
    const { mailbox } = e2e.server;
    const suffix = randomBytes(3).toString("hex");
    const person = {
      identifier: `camille.roux.${suffix}`,
      email: `camille.roux.${suffix}@exemple.fr`,
      firstName: "Camille",
      lastName: "Roux",
    };
    const firstPassword = "Tulipe#Rouge42";
    const secondPassword = "Ocean!Bleu2077";
    const thirdPassword = "Montagne&Verte39";

    await e2e.journey(async (journey) => {
      const { page } = journey;

      // Home → registration.
      await journey.goto("/");
      await journey.clickOn(page.getByRole("main").getByRole("link", { name: "Créer un compte", exact: true }));
      await expectPage(journey, "/creer-un-compte", "Créer un compte");
      // With JavaScript the captcha is the widget, not the message for browsers without it.
      expect(await page.getByText(/la vérification anti-robot se fait sans case à cocher/).isVisible()).toBe(false);
      expect(await page.getByRole("checkbox", { name: "Je ne suis pas un robot" }).isVisible()).toBe(true);

      // A first attempt with mistakes: the same page comes back with its error summary, focused,
      // the values typed kept and the passwords not.
      await journey.fill("Identifiant", person.identifier);
      await journey.fill("Mot de passe", firstPassword);
      await journey.fill("Confirmation du mot de passe", "Tulipe#Rouge43");
      await journey.check("Madame");
      await journey.fill("Nom", person.lastName);
      await journey.fill("Prénom", person.firstName);
      await journey.fill("Adresse électronique", person.email);
      await journey.fill("Confirmation de l'adresse électronique", `autre.${person.email}`);
      await passCaptcha(page);
      await journey.submit("Créer mon compte");
      expect(pathOf(journey)).toBe("/creer-un-compte");
      expect(await page.title()).toMatch(/^Erreur : Créer un compte - /);
      const errors = await errorSummary(journey);
      // (The captcha was solved: a solution is only checked, and used up, once the rest is right.)
      expect(errors).toEqual([
        "Confirmation du mot de passe : La confirmation ne correspond pas au mot de passe.",
        "Confirmation de l'adresse électronique : La confirmation ne correspond pas à l'adresse électronique saisie.",
        "Conditions générales d'utilisation : Acceptez les conditions générales d'utilisation pour créer votre compte.",
      ]);
      expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-error-summary"))).toBe(true);
      expect(await page.getByLabel("Identifiant", { exact: true }).inputValue()).toBe(person.identifier);
      expect(await page.getByLabel("Nom", { exact: true }).inputValue()).toBe(person.lastName);
      expect(await page.getByLabel("Prénom", { exact: true }).inputValue()).toBe(person.firstName);
      expect(await page.getByLabel("Adresse électronique", { exact: true }).inputValue()).toBe(person.email);
      expect(await page.getByLabel("Madame", { exact: true }).isChecked()).toBe(true);
      expect(await page.getByLabel("Mot de passe", { exact: true }).inputValue()).toBe("");
      // The summary's links lead to their fields.
      await journey.clickOn(page.locator("[data-error-summary]").getByRole("link", { name: /^Confirmation de l'adresse électronique/ }), { navigates: false });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("champ-emailConfirmation");

      // The password rules are ticked live, and the password can be shown.
      const password = passwordField(journey, "Mot de passe");
      expect((await passwordRules(journey, "champ-password")).every((rule) => !rule.met && !rule.unmet)).toBe(true);
      await password.input.fill("court");
      const weak = await passwordRules(journey, "champ-password");
      expect(weak.find((rule) => rule.rule === "min")).toMatchObject({ met: false, unmet: true, announced: " : non respecté" });
      expect(weak.find((rule) => rule.rule === "max")).toMatchObject({ met: true, announced: " : respecté" });
      await password.input.fill(firstPassword);
      const strong = await passwordRules(journey, "champ-password");
      expect(strong).toHaveLength(4);
      for (const rule of strong) expect(rule).toMatchObject({ met: true, unmet: false, announced: " : respecté" });
      expect(await password.input.getAttribute("type")).toBe("password");
      await journey.clickOn(password.toggle("Afficher le mot de passe"), { navigates: false });
      expect(await password.input.getAttribute("type")).toBe("text");
      expect(await password.input.inputValue()).toBe(firstPassword);
      await expect(password.toggle("Masquer le mot de passe").count()).resolves.toBe(1);
      await journey.clickOn(password.toggle("Masquer le mot de passe"), { navigates: false });
      expect(await password.input.getAttribute("type")).toBe("password");

      // The corrected form, with the captcha solved by the browser.
      await journey.fill("Confirmation du mot de passe", firstPassword);
      await journey.fill("Confirmation de l'adresse électronique", person.email);
      await journey.check(/^J'ai lu et j'accepte les conditions générales d'utilisation/);
      await passCaptcha(page);
      await journey.submit("Créer mon compte");
      expect(await heading(journey)).toBe("Vérifiez votre messagerie");
      await expect(page.getByText(person.email, { exact: true }).count()).resolves.toBe(1);

      // Activation, through the link of the mail the SMTP server received.
      const activation = await mailbox.waitFor({ to: person.email, subject: /^Activez votre compte/ });
      await journey.goto(linkIn(activation, "/activer-mon-compte"));
      await expectPage(journey, "/connexion", "Se connecter");
      expect(await flash(journey)).toBe("Votre compte est activé. Vous pouvez vous connecter.");

      // A wrong password first, then the right one.
      await logIn(journey, person.identifier, "Tulipe#Rouge00");
      await expectPage(journey, "/connexion", "Se connecter");
      await expect(page.getByRole("alert").textContent()).resolves.toBe("Identifiant ou mot de passe incorrect.");
      expect(await page.getByLabel("Identifiant ou adresse électronique").inputValue()).toBe(person.identifier);
      await logIn(journey, person.identifier, firstPassword);
      await fromDashboardToMyAccount(journey);
      expect(await summaryList(page)).toMatchObject({ Civilité: "Madame", Nom: "Roux", Prénom: "Camille", Identifiant: person.identifier, "Adresse électronique": person.email });

      // Identity: an empty name is refused, then the new one shows everywhere.
      await journey.click("Modifier mes informations");
      await expectPage(journey, "/mon-compte/mes-informations", "Modifier mes informations");
      await journey.fill("Nom", "");
      await journey.submit("Valider");
      expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Nom : /)]);
      await journey.check("Monsieur");
      await journey.fill("Nom", "Roux-Lefèvre");
      await journey.fill("Prénom", "Camille Jean");
      await journey.submit("Valider");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await flash(journey)).toBe("Vos informations ont bien été enregistrées.");
      expect(await summaryList(page)).toMatchObject({ Civilité: "Monsieur", Nom: "Roux-Lefèvre", Prénom: "Camille Jean" });
      await expect(page.getByRole("link", { name: "Mon compte (Camille Jean Roux-Lefèvre)" }).count()).resolves.toBe(1);

      // Password change: a wrong current password is refused, then the change goes through.
      await journey.click("Modifier mon mot de passe");
      await expectPage(journey, "/mon-compte/mot-de-passe", "Modifier mon mot de passe");
      await journey.fill("Mot de passe actuel", "Pas#leBon123");
      await journey.fill("Nouveau mot de passe", secondPassword);
      await journey.fill("Confirmation du nouveau mot de passe", secondPassword);
      await journey.submit("Valider");
      expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Mot de passe actuel : /)]);
      await journey.fill("Mot de passe actuel", firstPassword);
      await journey.fill("Nouveau mot de passe", secondPassword);
      for (const rule of await passwordRules(journey, "champ-newPassword")) expect(rule.met).toBe(true);
      await journey.fill("Confirmation du nouveau mot de passe", secondPassword);
      await journey.submit("Valider");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await flash(journey)).toBe("Votre mot de passe a bien été modifié.");
      await mailbox.waitFor({ to: person.email, subject: /^Votre mot de passe a été modifié/ });

      // Log out.
      await logOut(journey);
      await expectPage(journey, "/", /^Bienvenue/);
      expect(await flash(journey)).toBe("Vous êtes déconnecté.");

      // Forgotten identifier, from the login page.
      await journey.clickOn(page.getByRole("navigation", { name: "Menu du compte" }).getByRole("link", { name: "Se connecter" }));
      await journey.click("Récupérer mes informations de connexion");
      await expectPage(journey, "/recuperer-mes-informations", "Récupérer mes informations de connexion");
      const forgotten = section(page, "Identifiant oublié");
      await forgotten.getByLabel("Adresse électronique").fill(person.email);
      await journey.clickOn(forgotten.getByRole("button", { name: "Valider" }));
      await expect(page.getByRole("status").filter({ hasText: "Demande enregistrée" }).count()).resolves.toBe(1);
      const reminder = await mailbox.waitFor({ to: person.email, subject: /^Votre identifiant/ });
      expect(reminder.text).toContain(person.identifier);
      expect(reminder.text).toContain("Bonjour M. Roux-Lefèvre");

      // Password reset, by e-mail link.
      const reset = section(page, "Réinitialisation du mot de passe");
      await reset.getByLabel("Identifiant ou adresse électronique").fill(person.identifier);
      await journey.clickOn(reset.getByRole("button", { name: "Valider" }));
      await expect(page.getByRole("status").filter({ hasText: "Suivez le lien" }).count()).resolves.toBe(1);
      const resetMail = await mailbox.waitFor({ to: person.email, subject: /^Réinitialisation de votre mot de passe/ });
      await journey.goto(linkIn(resetMail, "/reinitialiser-mon-mot-de-passe"));
      expect(await heading(journey)).toBe("Choisissez un nouveau mot de passe");
      await journey.fill("Nouveau mot de passe", thirdPassword);
      await journey.fill("Confirmation du nouveau mot de passe", thirdPassword);
      await journey.submit("Enregistrer mon nouveau mot de passe");
      await expectPage(journey, "/connexion", "Se connecter");
      expect(await flash(journey)).toBe("Votre mot de passe a bien été réinitialisé. Vous pouvez vous connecter.");

      // The old password no longer opens the account; the new one does, by e-mail address too.
      await logIn(journey, person.identifier, secondPassword);
      await expect(page.getByRole("alert").textContent()).resolves.toBe("Identifiant ou mot de passe incorrect.");
      await logIn(journey, person.email, thirdPassword);
      await fromDashboardToMyAccount(journey);
      expect(await summaryList(page)).toMatchObject({ Identifiant: person.identifier, Nom: "Roux-Lefèvre" });

      // The reset link served once.
      await journey.goto(linkIn(resetMail, "/reinitialiser-mon-mot-de-passe"));
      expect(await heading(journey)).toBe("Ce lien de réinitialisation a déjà été utilisé");
    });
  });
});
