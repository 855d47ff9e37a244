import { beforeAll, afterAll, describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { FC_CLIENT_ID, FC_CLIENT_SECRET, franceConnectEnv, startStandIn } from "../../test/franceconnect.ts";
import type { FranceConnectStandIn } from "../../src/demo/franceconnect/stand-in.ts";
import { freePort } from "../support/server.ts";
import { useE2e, type Journey } from "../support/journey.ts";
import { linkIn } from "../support/smtp.ts";
import { expectPage, flash, logIn, logOut, pathOf, section } from "../accounts/pages.ts";

// The stand-in's address is known before the portal starts (its settings), and the portal's
// before the stand-in starts (its client's return addresses).
const standInPort = await freePort();
const e2e = useE2e({ env: franceConnectEnv(`http://127.0.0.1:${standInPort}`, FC_CLIENT_ID, FC_CLIENT_SECRET) });
let standIn: FranceConnectStandIn | undefined;
beforeAll(async () => {
  standIn = await startStandIn({ publicUrl: e2e.server.baseUrl, port: standInPort });
});
afterAll(async () => {
  await standIn?.close();
});

const standInOrigin = () => `http://127.0.0.1:${standInPort}`;

/** On FranceConnect's (the stand-in's) chooser: one test identity, then back to the portal. */
async function chooseIdentity(journey: Journey, label: string) {
  expect(new URL(journey.page.url()).origin).toBe(standInOrigin());
  expect(await journey.page.getByRole("heading", { level: 1 }).textContent()).toBe("Choisissez l'identité de test");
  await journey.check(label);
  await journey.submit("Continuer sur le service");
}

async function clickFranceConnect(journey: Journey) {
  await journey.submit("S'identifier avec FranceConnect");
}

describe("FranceConnect in Chromium, against the local stand-in", () => {
  test("an account created through FranceConnect, logout through FranceConnect, login again, a password chosen, then unlinked", async () => {
    const { mailbox } = e2e.server;
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/creer-un-compte");
      await expectPage(journey, "/creer-un-compte", "Créer un compte");
      await journey.click("Qu'est-ce que FranceConnect ?");
      await expectPage(journey, "/franceconnect/qu-est-ce-que-c-est", "Qu'est-ce que FranceConnect ?");
      await journey.goto("/creer-un-compte");
      await clickFranceConnect(journey);
      await chooseIdentity(journey, "Angela Claire Louise DUBOIS");

      await expectPage(journey, "/franceconnect/finaliser", "Finaliser la création de votre compte");
      expect(await section(page, "Votre identité vérifiée par FranceConnect").textContent()).toContain("Nantes (44)");
      expect(await page.getByLabel("Adresse électronique").inputValue()).toBe("angela.dubois@exemple.fr");
      await journey.check("J'accepte les conditions générales d'utilisation");
      await journey.submit("Créer mon compte");
      await expectPage(journey, "/franceconnect/finaliser", "Vérifiez votre messagerie");

      const activation = await mailbox.waitFor({ to: "angela.dubois@exemple.fr", subject: /^Activez votre compte/ });
      await journey.goto(linkIn(activation, "/activer-mon-compte"));
      await expectPage(journey, "/connexion", "Se connecter");
      expect(await flash(journey)).toContain("Votre compte est activé");

      // FranceConnect remembers the person: back at once, signed in.
      await clickFranceConnect(journey);
      await expectPage(journey, "/tableau-de-bord", "Tableau de bord");
      await journey.goto("/mon-compte");
      const franceConnect = section(page, "FranceConnect");
      expect(await franceConnect.textContent()).toContain("Votre compte est relié à FranceConnect depuis le");

      // Logging out of the portal ends the FranceConnect session too.
      await logOut(journey);
      expect(new URL(page.url()).origin).toBe(standInOrigin());
      await journey.submit("Se déconnecter de FranceConnect");
      await expectPage(journey, "/", /.+/);
      expect(await flash(journey)).toBe("Vous êtes déconnecté.");

      // Again by FranceConnect: the identity is asked for again.
      await journey.goto("/connexion");
      await clickFranceConnect(journey);
      await chooseIdentity(journey, "Angela Claire Louise DUBOIS");
      await expectPage(journey, "/tableau-de-bord", "Tableau de bord");

      // No password yet: unlinking waits for one.
      await journey.goto("/mon-compte");
      await journey.clickOn(section(page, "FranceConnect").getByRole("link", { name: "Choisir un mot de passe" }));
      await expectPage(journey, "/mon-compte/franceconnect/mot-de-passe", "Choisir un mot de passe");
      await journey.fill("Mot de passe", "Tulipe#Rouge42");
      await journey.fill("Confirmation du mot de passe", "Tulipe#Rouge42");
      await journey.submit("Enregistrer mon mot de passe");
      await expectPage(journey, "/mon-compte", "Mon compte");
      await journey.clickOn(section(page, "FranceConnect").getByRole("link", { name: "Délier FranceConnect" }));
      await expectPage(journey, "/mon-compte/franceconnect/delier", "Délier FranceConnect");
      await journey.submit("Délier FranceConnect");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await flash(journey)).toContain("FranceConnect est délié de votre compte");
      expect(await section(page, "FranceConnect").textContent()).toContain("Votre compte n'est pas relié à FranceConnect");

      // The password opens the account.
      await logOut(journey);
      await journey.submit("Se déconnecter de FranceConnect");
      await journey.goto("/connexion");
      await logIn(journey, "angela.dubois@exemple.fr", "Tulipe#Rouge42");
      await expectPage(journey, "/tableau-de-bord", "Tableau de bord");
    });
  });

  test("an existing account linked after logging in to it, never by its address", async () => {
    const owner = await buildAccount(e2e.server.deps.db, { email: "pierre.martin@exemple.fr", identifier: "pierre.martin.existant", firstName: "Pierre", lastName: "Martin", civility: "M." });
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await clickFranceConnect(journey);
      await chooseIdentity(journey, "Pierre MARTIN");
      await expectPage(journey, "/franceconnect/finaliser", "Finaliser la création de votre compte");
      await journey.click("J'ai déjà un compte, je me connecte");
      expect(pathOf(journey)).toBe("/connexion");
      await logIn(journey, owner.identifier, owner.password);
      await expectPage(journey, "/franceconnect/relier", "Relier votre compte à FranceConnect");
      await journey.submit("Relier mon compte à FranceConnect");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await flash(journey)).toContain("Votre compte est relié à FranceConnect");
      expect(await section(page, "FranceConnect").textContent()).toContain("Votre compte est relié à FranceConnect depuis le");
      await journey.clickOn(section(page, "FranceConnect").getByRole("link", { name: "Délier FranceConnect" }));
      await journey.submit("Délier FranceConnect");
      expect(await flash(journey)).toContain("FranceConnect est délié de votre compte");
    });
  });

  test("without JavaScript: an account created through FranceConnect, then logout through FranceConnect", async () => {
    const { mailbox } = e2e.server;
    await e2e.withoutJavaScript(async (journey) => {
      await journey.goto("/connexion");
      await clickFranceConnect(journey);
      await chooseIdentity(journey, "Amina DIALLO");
      await expectPage(journey, "/franceconnect/finaliser", "Finaliser la création de votre compte");
      expect(await section(journey.page, "Votre identité vérifiée par FranceConnect").textContent()).toContain("À l'étranger");
      await journey.fill("Adresse électronique", "amina.sans-js@exemple.fr");
      await journey.check("J'accepte les conditions générales d'utilisation");
      await journey.submit("Créer mon compte");
      await expectPage(journey, "/franceconnect/finaliser", "Vérifiez votre messagerie");
      const activation = await mailbox.waitFor({ to: "amina.sans-js@exemple.fr", subject: /^Activez votre compte/ });
      await journey.goto(linkIn(activation, "/activer-mon-compte"));
      await clickFranceConnect(journey);
      await expectPage(journey, "/tableau-de-bord", "Tableau de bord");
      await logOut(journey);
      await journey.submit("Se déconnecter de FranceConnect");
      await expectPage(journey, "/", /.+/);
      expect(await flash(journey)).toBe("Vous êtes déconnecté.");
    });
  });
});
