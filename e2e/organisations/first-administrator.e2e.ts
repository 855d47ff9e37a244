import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { buildRegisterEntry } from "../../test/organisations.ts";
import { expectPage, flash, logIn } from "../accounts/pages.ts";
import { passCaptcha } from "../support/captcha.ts";
import { useE2e } from "../support/journey.ts";
import { codeFromLatestLetter } from "./letters.ts";

const e2e = useE2e();

describe("the first member of an organisation becomes its administrator by a code sent by post", () => {
  for (const javaScript of [true, false]) {
    test(`attaches by client number, asks for the letter, types the code read from the PDF (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { deps } = e2e.server;
      const entry = await buildRegisterEntry(deps.db, { name: `COMMUNE DE VILLEFRANCHE ${javaScript ? "A" : "B"}` });
      const member = await buildAccount(deps.db);

      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, member.identifier, member.password);
        await journey.clickOn(page.getByRole("navigation", { name: "Menu du compte" }).getByRole("link", { name: "Ajouter une structure" }));
        await expectPage(journey, "/structures/ajouter", "Ajouter une structure");
        await journey.check("le numéro client (code tiers)");
        await journey.fill("Numéro client ou SIRET", `00${entry.clientNumber}`);
        await journey.submit("Rechercher la structure");
        await expectPage(journey, "/structures/ajouter", "Est-ce bien votre structure ?");
        await journey.submit("Me rattacher à cette structure");
        expect(await flash(journey)).toContain("qui n'a pas encore d'administrateur");
        const organisationId = /\/structures\/([0-9a-f-]{36})\/administrateur/.exec(page.url())?.[1] ?? "";
        await expectPage(journey, `/structures/${organisationId}/administrateur`, `Administrateur de la structure « ${entry.name} »`);

        await journey.submit("Accepter le rôle d'administrateur");
        expect(await flash(journey)).toContain("va être envoyé à votre représentant légal");
        await expect(page.getByText("Il n'est pas encore parti").count()).resolves.toBe(1);

        const code = await codeFromLatestLetter(deps.db, organisationId);
        await journey.fill("Code d'activation", "AAAAA AAAAA");
        await journey.submit("Valider le code");
        await expect(page.locator("[data-error-summary]").textContent()).resolves.toContain("il vous reste 4 essais");
        await journey.fill("Code d'activation", code.slice(0, 5).toLowerCase() + " " + code.slice(5));
        await journey.submit("Valider le code");
        expect(await flash(journey)).toBe("Vous êtes maintenant administrateur de la structure.");
        expect(new URL(page.url()).pathname).toBe(`/structures/${organisationId}`);
      });
    });
  }

  test("registers the first user by client number; the password reaches them by post and makes them administrator", async () => {
    const { deps } = e2e.server;
    const entry = await buildRegisterEntry(deps.db, { name: "SA HLM DU ROUSSILLON" });
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/creer-un-compte");
      await journey.click("Créer mon compte avec mon numéro client");
      await expectPage(journey, "/creer-un-compte/numero-client", "Créer mon compte");
      await journey.fill("Numéro client", entry.clientNumber);
      await passCaptcha(page);
      await journey.submit("Valider");
      await expect(page.getByText("Vous êtes le premier utilisateur pour l'établissement « SA HLM DU ROUSSILLON »").count()).resolves.toBe(1);
      await journey.fill("Identifiant", "julie.testa");
      await journey.check("Madame");
      await journey.fill("Nom", "Testa");
      await journey.fill("Prénom", "Julie");
      await journey.fill("Adresse électronique", "julie.testa@hlm-roussillon.fr");
      await journey.fill("Confirmation de l'adresse électronique", "julie.testa@hlm-roussillon.fr");
      await journey.check(/J'ai lu et j'accepte les conditions générales/);
      await journey.submit("Accepter le rôle d'administrateur");
      await expectPage(journey, "/creer-un-compte/numero-client/compte", "Votre demande de création de compte est enregistrée");
      const mail = await e2e.server.mailbox.waitFor({ to: "julie.testa@hlm-roussillon.fr", subject: /Votre demande de création de compte est enregistrée/ });
      expect(mail.text).toContain("SA HLM DU ROUSSILLON");
      // The activation link proves the address; the password comes by post.
      await journey.goto(/http:\/\/\S+\/activer-mon-compte\?jeton=[a-z2-7]+/.exec(mail.text)?.[0] ?? "");
      expect(await flash(journey)).toContain("Votre compte est activé");

      const organisation = await deps.db.selectFrom("organisations").select("id").where("registerId", "=", entry.id).executeTakeFirstOrThrow();
      const password = await codeFromLatestLetter(deps.db, organisation.id, "Mot de passe temporaire");
      await logIn(journey, "julie.testa", password);
      await expectPage(journey, "/mot-de-passe-temporaire", /mot de passe/i);
      await journey.fill("Nouveau mot de passe", "Roussillon-2026!");
      await journey.fill("Confirmation du nouveau mot de passe", "Roussillon-2026!");
      await journey.submit("Enregistrer mon mot de passe");
      await journey.goto(`/structures/${organisation.id}/administrateur`);
      await expect(page.getByText("Vous êtes administrateur de cette structure").count()).resolves.toBe(1);
    });
  });
});
