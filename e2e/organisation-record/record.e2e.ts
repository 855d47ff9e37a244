import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { addMember, buildOrganisation } from "../../test/organisations.ts";
import { errorSummary, expectPage, flash, logIn } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("a member keeps the organisation record up to date", () => {
  for (const javaScript of [true, false]) {
    test(`identification, address, representatives, own coordinates (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { db } = e2e.server.deps;
      const organisation = await buildOrganisation(db, { name: `ASSOCIATION ${javaScript ? "A" : "B"}`, postalCode: "46000", communeName: "Cahors", communeInseeCode: "46042" });
      const member = await buildAccount(db);
      await addMember(db, organisation, member, { isAdmin: true });
      const base = `/structures/${organisation.id}`;

      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        await journey.goto("/connexion");
        await logIn(journey, member.identifier, member.password);
        await journey.goto(base);
        await expectPage(journey, base, organisation.name);

        await journey.click("Modifier l'identification", { role: "link" });
        await journey.fill("Code NAF (APE) (facultatif)", "71.12Z");
        await journey.fill("Site internet (facultatif)", "ftp://x.fr");
        await journey.submit("Valider");
        expect(await errorSummary(journey)).toHaveLength(2);
        await journey.fill("Code NAF (APE) (facultatif)", "7112a");
        await journey.fill("Site internet (facultatif)", "https://www.bidon.com");
        await journey.select("Type de tiers (facultatif)", "Association");
        await journey.select(/Forme juridique/, "Association déclarée (9220)");
        await journey.fill("Téléphone (facultatif)", "04 67 58 96 63");
        await journey.submit("Valider");
        expect(await flash(journey)).toBe("L'identification de la structure a bien été enregistrée.");

        await journey.click("Modifier l'adresse principale", { role: "link" });
        await journey.fill("Commune (localité à l'étranger)", "Auch");
        await journey.submit("Valider");
        expect(await errorSummary(journey)).toEqual(["Commune : La commune ne correspond pas au code postal 46000. Communes de ce code postal : Cahors."]);
        await journey.fill("Commune (localité à l'étranger)", "Cahors");
        await journey.submit("Valider");

        await journey.click("Créer un nouveau représentant", { role: "link" });
        await journey.check("Madame");
        await journey.fill("Nom", "Association");
        await journey.fill("Prénom", "Nouvelle");
        await journey.fill("Fonction", "Présidente");
        await journey.check("Représentant légal de la structure");
        await journey.submit("Valider");
        expect(await flash(journey)).toBe("Le représentant a bien été créé.");
        await journey.click("Modifier le représentant Madame Nouvelle ASSOCIATION", { role: "link" });
        await journey.submit("Valider");
        await journey.click("Supprimer le représentant Madame Nouvelle ASSOCIATION", { role: "link" });
        await journey.submit("Supprimer le représentant");
        expect(await flash(journey)).toBe("Le représentant a bien été supprimé.");

        await journey.click("Modifier mon numéro de téléphone", { role: "link" });
        await journey.fill("Téléphone (facultatif)", "000708091011");
        await journey.submit("Valider");
        await journey.fill("Téléphone (facultatif)", "07 08 09 10 11");
        await journey.submit("Valider");
        await journey.click("Modifier mon adresse électronique", { role: "link" });
        await journey.fill("Adresse électronique (facultatif)", "moi@mairie.fr");
        await journey.submit("Valider");
        await journey.click("Modifier ma fonction", { role: "link" });
        await journey.select("Fonction", "Maire");
        await journey.submit("Valider");
        expect(await flash(journey)).toBe("Votre fonction au sein de la structure a bien été modifiée.");
      });
    });
  }
});
