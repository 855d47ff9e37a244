import fs from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { issueTemporaryPassword } from "../../src/features/temporary-password/issue-temporary-password.ts";
import { buildAccount } from "../../test/builders.ts";
import { WAIT_MIN_MS } from "../../src/platform/captcha.ts";
import { Journey, useE2e } from "../support/journey.ts";
import { linkIn } from "../support/smtp.ts";
import { errorSummary, expectPage, flash, heading, logIn, logOut, pathOf, section, summaryList, fromDashboardToMyAccount } from "./pages.ts";

const e2e = useE2e();

/** What the captcha says when scripts do not run (its `<noscript>` part). */
const NO_SCRIPT_CAPTCHA = /^JavaScript n'est pas activé dans votre navigateur : la vérification anti-robot se fait sans case à cocher\.$/;

/** The page fits the window's width: nothing to scroll sideways (checked at 375 px). */
async function expectNoHorizontalScroll(journey: Journey): Promise<void> {
  const { scrollWidth, clientWidth } = await journey.page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, journey.page.url()).toBeLessThanOrEqual(clientWidth);
}

describe("without JavaScript", () => {
  test("every public page of the accounts shows, and the captcha explains its plain-HTML path", async () => {
    await e2e.withoutJavaScript(async (journey) => {
      const { page } = journey;
      const pages: [string, string | RegExp, number][] = [
        ["/", /^Bienvenue sur /, 200],
        ["/connexion", "Se connecter", 200],
        ["/creer-un-compte", "Créer un compte", 200],
        ["/recuperer-mes-informations", "Récupérer mes informations de connexion", 200],
        ["/activer-mon-compte?jeton=lien-inconnu", "Ce lien d'activation n'est pas valide", 404],
        ["/activer-mon-compte/nouveau-lien", "Recevoir un nouveau lien d'activation", 200],
        ["/reinitialiser-mon-mot-de-passe?jeton=lien-inconnu", "Ce lien de réinitialisation n'est pas valide", 404],
        ["/mon-compte/confirmer-adresse-electronique?jeton=lien-inconnu", "Ce lien de confirmation n'est pas valide", 404],
        ["/conditions-generales-d-utilisation", "Conditions générales d'utilisation", 200],
        ["/accessibilite", "Déclaration d'accessibilité", 200],
        ["/mentions-legales", "Mentions légales", 200],
        ["/donnees-personnelles", "Données personnelles", 200],
        ["/contact", "Posez-nous votre question", 200],
        ["/cette-page-n-existe-pas", "Page non trouvée", 404],
      ];
      for (const [path, title, status] of pages) {
        const response = await journey.goto(path);
        expect(response?.status(), path).toBe(status);
        const h1 = await heading(journey);
        if (typeof title === "string") expect(h1, path).toBe(title);
        else expect(h1, path).toMatch(title);
      }

      // Pages behind the login send to it.
      for (const path of ["/mon-compte", "/mon-compte/mes-informations", "/mon-compte/mot-de-passe", "/mot-de-passe-temporaire"]) {
        await journey.goto(path);
        expect(pathOf(journey), path).toBe("/connexion");
      }

      // The captcha: no widget without JavaScript, the plain-HTML path explained instead.
      await journey.goto("/creer-un-compte");
      const captcha = page.getByRole("group", { name: "Vérification anti-robot" });
      await expect(captcha.getByText(NO_SCRIPT_CAPTCHA).isVisible()).resolves.toBe(true);
      await expect(page.getByRole("checkbox", { name: "Je ne suis pas un robot" }).count()).resolves.toBe(0);
      // Password fields stay plain fields: no show / hide button without JavaScript.
      await expect(page.getByRole("button", { name: /le mot de passe$/ }).count()).resolves.toBe(0);
    });
  });

  test("an account is created at 375 px wide: a short wait replaces the captcha, the activation link comes by mail", async () => {
    const { deps, mailbox } = e2e.server;
    const identifier = `sans.javascript.${Date.now()}`;
    const email = `${identifier}@exemple.fr`;
    const password = "Glycine@Mauve46";

    await e2e.withoutJavaScript(async (journey) => {
      const { page } = journey;
      await page.setViewportSize({ width: 375, height: 812 });
      await journey.goto("/");
      await journey.clickOn(page.getByRole("main").getByRole("link", { name: "Créer un compte", exact: true }));
      await expectPage(journey, "/creer-un-compte", "Créer un compte");
      await expectNoHorizontalScroll(journey);
      const captcha = page.getByRole("group", { name: "Vérification anti-robot" });
      await expect(captcha.getByText(NO_SCRIPT_CAPTCHA).isVisible()).resolves.toBe(true);
      await expect(page.getByRole("checkbox", { name: "Je ne suis pas un robot" }).count()).resolves.toBe(0);

      // A first attempt with a mistake: the page comes back with what was typed, passwords aside.
      await journey.fill("Identifiant", identifier);
      await journey.fill("Mot de passe", password);
      await journey.fill("Confirmation du mot de passe", password);
      await journey.check("Monsieur");
      await journey.fill("Nom", "Petit");
      await journey.fill("Prénom", "Noé");
      await journey.fill("Adresse électronique", email);
      await journey.fill("Confirmation de l'adresse électronique", `autre.${email}`);
      await journey.check(/^J'ai lu et j'accepte/);
      await journey.submit("Créer mon compte");
      const shownAt = Date.now();
      expect(pathOf(journey)).toBe("/creer-un-compte");
      expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Confirmation de l'adresse électronique : /)]);
      expect(await page.getByLabel("Identifiant", { exact: true }).inputValue()).toBe(identifier);
      expect(await page.getByLabel("Nom", { exact: true }).inputValue()).toBe("Petit");
      expect(await page.getByLabel("Mot de passe", { exact: true }).inputValue()).toBe("");
      await expect(captcha.getByText(NO_SCRIPT_CAPTCHA).isVisible()).resolves.toBe(true);
      await expectNoHorizontalScroll(journey);

      // Corrected, and sent at least the short wait after this page was served: the account is created.
      await journey.fill("Mot de passe", password);
      await journey.fill("Confirmation du mot de passe", password);
      await journey.fill("Confirmation de l'adresse électronique", email);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, shownAt + WAIT_MIN_MS + 500 - Date.now())));
      await journey.submit("Créer mon compte");
      await expectPage(journey, "/creer-un-compte", "Vérifiez votre messagerie");
      await expectNoHorizontalScroll(journey);
      const accepted = await deps.db.selectFrom("auditEvents").select("event").where("event", "=", "captcha.wait_accepted").execute();
      expect(accepted.length).toBeGreaterThanOrEqual(1);

      // The activation link, read from the SMTP server, then the first login.
      const activation = await mailbox.waitFor({ to: email, subject: /^Activez votre compte/ });
      await journey.goto(linkIn(activation, "/activer-mon-compte"));
      await expectPage(journey, "/connexion", "Se connecter");
      expect(await flash(journey)).toBe("Votre compte est activé. Vous pouvez vous connecter.");
      await expectNoHorizontalScroll(journey);
      await logIn(journey, identifier, password);
      await fromDashboardToMyAccount(journey);
      await expectNoHorizontalScroll(journey);
    });
  });

  test("an account is used from login to deletion: identity, address, password, sessions, data, recovery", async () => {
    const { deps, mailbox } = e2e.server;
    const account = await buildAccount(deps.db, { lastName: "Moreau", firstName: "Sacha" });
    const newEmail = `nouvelle.${account.email}`;
    const secondPassword = "Platane*Vert64";
    const thirdPassword = "Riviere?Calme81";

    // The same person on another device: a second browser, also without JavaScript.
    const other = await Journey.open(e2e.browser, e2e.server, { javaScript: false });
    try {
      await other.goto("/connexion");
      await logIn(other, account.identifier, account.password);
      await fromDashboardToMyAccount(other);

      await e2e.withoutJavaScript(async (journey) => {
        const { page } = journey;
        await journey.goto("/");
        await journey.clickOn(page.getByRole("main").getByRole("link", { name: "Se connecter" }));
        await logIn(journey, account.identifier, "Mauvais#Passe12");
        await expect(page.getByRole("alert").textContent()).resolves.toBe("Identifiant ou mot de passe incorrect.");
        await logIn(journey, account.identifier, account.password);
        await fromDashboardToMyAccount(journey);

        // Identity.
        await journey.click("Modifier mes informations");
        await expectPage(journey, "/mon-compte/mes-informations", "Modifier mes informations");
        expect(await page.getByLabel("Madame").isChecked()).toBe(true);
        await journey.fill("Prénom", "");
        await journey.submit("Valider");
        expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Prénom : /)]);
        await journey.fill("Prénom", "Sacha Ève");
        await journey.check("Monsieur");
        await journey.submit("Valider");
        await expectPage(journey, "/mon-compte", "Mon compte");
        expect(await flash(journey)).toBe("Vos informations ont bien été enregistrées.");
        expect(await summaryList(page)).toMatchObject({ Civilité: "Monsieur", Prénom: "Sacha Ève", Nom: "Moreau" });

        // E-mail address, confirmed by the link sent to the new one.
        await journey.click("Modifier mon adresse électronique");
        await expectPage(journey, "/mon-compte/adresse-electronique", "Modifier mon adresse électronique");
        await journey.fill("Nouvelle adresse électronique", newEmail);
        await journey.fill("Confirmation de la nouvelle adresse électronique", newEmail);
        await journey.fill("Mot de passe", "Mauvais#Passe12");
        await journey.submit("Valider");
        expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Mot de passe : /)]);
        expect(await page.getByLabel("Nouvelle adresse électronique", { exact: true }).inputValue()).toBe(newEmail);
        await journey.fill("Mot de passe", account.password);
        await journey.submit("Valider");
        await expectPage(journey, "/mon-compte", "Mon compte");
        expect(await flash(journey)).toMatch(/^Un courriel de confirmation a été envoyé à votre nouvelle adresse électronique/);
        const confirmation = await mailbox.waitFor({ to: newEmail, subject: /^Confirmez votre nouvelle adresse électronique/ });
        await journey.goto(linkIn(confirmation, "/mon-compte/confirmer-adresse-electronique"));
        await expectPage(journey, "/mon-compte", "Mon compte");
        expect(await flash(journey)).toBe("Votre adresse électronique a bien été modifiée.");
        expect(await summaryList(page)).toMatchObject({ "Adresse électronique": newEmail });

        // Sessions: the other device is listed, then closed.
        await expect(page.getByRole("table", { name: "Sessions ouvertes sur votre compte (2)" }).count()).resolves.toBe(1);
        await journey.submit("Fermer mes autres sessions");
        await expectPage(journey, "/mon-compte", "Mon compte");
        expect(await flash(journey)).toBe("Vos autres sessions ont été fermées.");
        await expect(page.getByRole("table", { name: "Sessions ouvertes sur votre compte (1)" }).count()).resolves.toBe(1);
        await expect(page.getByText("Aucune autre session n'est ouverte sur votre compte.").count()).resolves.toBe(1);
        await other.goto("/mon-compte");
        expect(pathOf(other)).toBe("/connexion");

        // Password.
        await journey.click("Modifier mon mot de passe");
        await expectPage(journey, "/mon-compte/mot-de-passe", "Modifier mon mot de passe");
        await journey.fill("Mot de passe actuel", account.password);
        await journey.fill("Nouveau mot de passe", account.password);
        await journey.fill("Confirmation du nouveau mot de passe", account.password);
        await journey.submit("Valider");
        expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Nouveau mot de passe : /)]);
        await journey.fill("Mot de passe actuel", account.password);
        await journey.fill("Nouveau mot de passe", secondPassword);
        await journey.fill("Confirmation du nouveau mot de passe", secondPassword);
        await journey.submit("Valider");
        await expectPage(journey, "/mon-compte", "Mon compte");
        expect(await flash(journey)).toBe("Votre mot de passe a bien été modifié.");

        // Data export: a plain download link.
        const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^Télécharger mes données/ }).click()]);
        expect(download.suggestedFilename()).toBe(`mes-donnees-${account.identifier}.json`);
        const exported = JSON.parse(await fs.readFile(await download.path(), "utf8")) as unknown;
        expect(JSON.stringify(exported)).toContain(newEmail);
        await journey.checkPage();

        // Log out, then recover the identifier and reset the password.
        await logOut(journey);
        await expectPage(journey, "/", /^Bienvenue/);
        expect(await flash(journey)).toBe("Vous êtes déconnecté.");
        await journey.goto("/connexion");
        await journey.click("Récupérer mes informations de connexion");
        const forgotten = section(page, "Identifiant oublié");
        await forgotten.getByLabel("Adresse électronique").fill("pas-une-adresse");
        await journey.clickOn(forgotten.getByRole("button", { name: "Valider" }));
        expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Adresse électronique : /)]);
        await section(page, "Identifiant oublié").getByLabel("Adresse électronique").fill(newEmail);
        await journey.clickOn(section(page, "Identifiant oublié").getByRole("button", { name: "Valider" }));
        await expect(page.getByRole("status").filter({ hasText: "Demande enregistrée" }).count()).resolves.toBe(1);
        const reminder = await mailbox.waitFor({ to: newEmail, subject: /^Votre identifiant/ });
        expect(reminder.text).toContain(account.identifier);

        const reset = section(page, "Réinitialisation du mot de passe");
        await reset.getByLabel("Identifiant ou adresse électronique").fill(newEmail);
        await journey.clickOn(reset.getByRole("button", { name: "Valider" }));
        const resetMail = await mailbox.waitFor({ to: newEmail, subject: /^Réinitialisation de votre mot de passe/ });
        await journey.goto(linkIn(resetMail, "/reinitialiser-mon-mot-de-passe"));
        expect(await heading(journey)).toBe("Choisissez un nouveau mot de passe");
        await journey.fill("Nouveau mot de passe", "court");
        await journey.fill("Confirmation du nouveau mot de passe", "court");
        await journey.submit("Enregistrer mon nouveau mot de passe");
        expect(await errorSummary(journey)).toContainEqual(expect.stringMatching(/^Nouveau mot de passe : /));
        await journey.fill("Nouveau mot de passe", thirdPassword);
        await journey.fill("Confirmation du nouveau mot de passe", thirdPassword);
        await journey.submit("Enregistrer mon nouveau mot de passe");
        await expectPage(journey, "/connexion", "Se connecter");
        expect(await flash(journey)).toBe("Votre mot de passe a bien été réinitialisé. Vous pouvez vous connecter.");
        await logIn(journey, newEmail, thirdPassword);
        await fromDashboardToMyAccount(journey);

        // Deletion: the confirmation box is required, then the account is gone.
        await journey.click("Supprimer mon compte", { role: "link" });
        await expectPage(journey, "/mon-compte/supprimer", "Supprimer mon compte");
        await journey.fill("Mot de passe", thirdPassword);
        await journey.submit("Supprimer mon compte");
        expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Confirmation de la suppression : /)]);
        await journey.fill("Mot de passe", thirdPassword);
        await journey.check("Je confirme vouloir supprimer définitivement mon compte");
        await journey.submit("Supprimer mon compte");
        await expectPage(journey, "/", /^Bienvenue/);
        expect(await flash(journey)).toBe("Votre compte a été supprimé.");
        await mailbox.waitFor({ to: newEmail, subject: /^Votre compte a été supprimé/ });
        await journey.goto("/connexion");
        await logIn(journey, account.identifier, thirdPassword);
        await expect(page.getByRole("alert").textContent()).resolves.toBe("Identifiant ou mot de passe incorrect.");
      });
    } finally {
      await other.close();
    }
  });

  test("an account not yet activated gets a new link and is activated", async () => {
    const { deps, mailbox } = e2e.server;
    const account = await buildAccount(deps.db, { status: "pending", activatedAt: null });

    await e2e.withoutJavaScript(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, account.identifier, account.password);
      expect(await heading(journey)).toBe("Votre compte n'est pas encore activé");
      expect(await page.getByLabel("Identifiant ou adresse électronique").inputValue()).toBe(account.identifier);
      await journey.submit("Recevoir un nouveau lien d'activation");
      await expectPage(journey, "/activer-mon-compte/nouveau-lien", "Recevoir un nouveau lien d'activation");
      await expect(page.getByRole("status").filter({ hasText: "Demande enregistrée" }).count()).resolves.toBe(1);
      const activation = await mailbox.waitFor({ to: account.email, subject: /^Activez votre compte/ });
      const link = linkIn(activation, "/activer-mon-compte");
      await journey.goto(link);
      await expectPage(journey, "/connexion", "Se connecter");
      expect(await flash(journey)).toBe("Votre compte est activé. Vous pouvez vous connecter.");
      // The link served once.
      const again = await journey.goto(link);
      expect(again?.status()).toBe(410);
      expect(await heading(journey)).toBe("Ce lien d'activation a déjà été utilisé");
      await journey.clickOn(page.getByRole("main").getByRole("link", { name: "Se connecter" }));
      await logIn(journey, account.email, account.password);
      await fromDashboardToMyAccount(journey);
    });
  });

  test("a temporary password is replaced on its page", async () => {
    const { deps } = e2e.server;
    const account = await buildAccount(deps.db);
    const { password: temporaryPassword } = await issueTemporaryPassword(deps, account.identifier);
    const newPassword = "Lavande%Douce73";

    await e2e.withoutJavaScript(async (journey) => {
      await journey.goto("/connexion");
      await logIn(journey, account.identifier, temporaryPassword);
      await expectPage(journey, "/mot-de-passe-temporaire", "Choisissez votre mot de passe");
      await journey.submit("Enregistrer mon mot de passe");
      expect(await errorSummary(journey)).toContainEqual(expect.stringMatching(/^Nouveau mot de passe : /));
      await journey.fill("Nouveau mot de passe", newPassword);
      await journey.fill("Confirmation du nouveau mot de passe", newPassword);
      await journey.submit("Enregistrer mon mot de passe");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await flash(journey)).toBe("Votre mot de passe a bien été modifié.");
      await logOut(journey);
      await journey.goto("/connexion");
      await logIn(journey, account.identifier, newPassword);
      await fromDashboardToMyAccount(journey);
    });
  });
  test("after repeated failures the login asks for the captcha, which a short wait passes without JavaScript", async () => {
    const { deps } = e2e.server;
    const account = await buildAccount(deps.db);

    await e2e.withoutJavaScript(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      for (const attempt of ["Faux#Passe001", "Faux#Passe002", "Faux#Passe003"]) {
        await logIn(journey, account.identifier, attempt);
        await expect(page.getByRole("alert").textContent()).resolves.toBe("Identifiant ou mot de passe incorrect.");
      }
      const shownAt = Date.now();
      const captcha = page.getByRole("group", { name: "Vérification anti-robot" });
      await expect(captcha.getByText(NO_SCRIPT_CAPTCHA).isVisible()).resolves.toBe(true);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, shownAt + WAIT_MIN_MS + 500 - Date.now())));
      await logIn(journey, account.identifier, account.password);
      await fromDashboardToMyAccount(journey);
    });
  });
});
