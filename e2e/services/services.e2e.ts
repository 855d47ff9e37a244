import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { addMember, buildOrganisation } from "../../test/organisations.ts";
import { buildService } from "../../test/services.ts";
import { errorSummary, expectPage, flash, logIn, logOut, pathOf } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("services, access grants and terms", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;
    const run = (body: Parameters<typeof e2e.journey>[0]) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));

    test(`a platform admin creates a service and publishes a new version of its terms (${mode})`, async () => {
      const admin = await buildAccount(e2e.server.deps.db, { role: "platform_admin" });
      const slug = `prets-${javaScript ? "avec" : "sans"}-script`;
      await run(async (journey) => {
        await journey.goto("/connexion");
        await logIn(journey, admin.identifier, admin.password);
        // A platform admin lands on the administration (issue 15).
        await expectPage(journey, "/administration", /.+/);
        await journey.click("Services", { role: "link" });
        await expectPage(journey, "/administration/services", "Services");
        await journey.click("Créer un service");
        await journey.submit("Créer le service");
        expect(await errorSummary(journey)).toContainEqual("Nom du service : Indiquez le nom du service.");
        await journey.fill("Nom du service", `Demande de prêts ${javaScript ? "A" : "B"}`);
        await journey.fill("Nom dans l'adresse", slug);
        await journey.fill("Libellé de la tuile", "Mes prêts en ligne");
        await journey.fill("Description", "Déposer et suivre vos demandes de prêt.");
        await journey.fill("Adresse du service", "https://prets.exemple.fr/");
        await journey.check("L'administrateur de la structure");
        await journey.fill("Conditions particulières d'utilisation", "Article 1 : objet.\n\nArticle 2 : engagements.");
        await journey.submit("Créer le service");
        expect(await flash(journey)).toBe("Le service est créé.");
        await journey.click("Publier une nouvelle version des conditions");
        await expectPage(journey, pathOf(journey), "Publier une nouvelle version des conditions");
        await journey.fill("Conditions particulières d'utilisation", "Article 1 : objet révisé.");
        await journey.submit("Publier la nouvelle version");
        expect(await errorSummary(journey)).toHaveLength(1);
        await journey.check(/^Je confirme/);
        await journey.submit("Publier la nouvelle version");
        expect(await flash(journey)).toMatch(/^La nouvelle version des conditions particulières d'utilisation est publiée/);
        await journey.goto("/administration/habilitations");
        await expectPage(journey, "/administration/habilitations", "Habilitations");
      });
    });

    test(`a member asks for the loan service, the administrator validates, the member accepts the terms and opens it (${mode})`, async () => {
      const { db } = e2e.server.deps;
      const organisation = await buildOrganisation(db, { name: `COMMUNE ${javaScript ? "AVEC" : "SANS"} SCRIPT` });
      const administrator = await buildAccount(db, { civility: "M.", firstName: "Jean", lastName: "Durand" });
      await addMember(db, organisation, administrator, { isAdmin: true, function: "Maire" });
      const member = await buildAccount(db, { civility: "Mme", firstName: "Cendrine", lastName: "Martin" });
      await addMember(db, organisation, member, { function: "Secrétaire de mairie" });
      // The partner service's address is a page of the portal itself, so the journey can follow the tile to it.
      const name = `Suivi des dossiers ${javaScript ? "A" : "B"}`;
      const service = await buildService(db, { name, url: e2e.server.url("/mentions-legales") });
      const firstOrganisation = await buildOrganisation(db);
      const firstMember = await buildAccount(db);
      await addMember(db, firstOrganisation, firstMember);

      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, member.identifier, member.password);
        await expectPage(journey, "/tableau-de-bord", "Tableau de bord");
        await journey.clickOn(page.getByRole("main").getByRole("link", { name: "Voir tous les services" }));
        await expectPage(journey, "/services", "Tous les services");
        await journey.click(`Demander l'habilitation au service ${name}`, { role: "link" });
        await expectPage(journey, `/services/${service.slug}/habilitation`, "Demande d'habilitation");
        await journey.submit("Accepter");
        expect(await flash(journey)).toBe("Votre demande d'habilitation est enregistrée.");
        await logOut(journey);

        await journey.goto("/connexion");
        await logIn(journey, administrator.identifier, administrator.password);
        const decisions = `/structures/${organisation.id}/habilitations`;
        await journey.goto(decisions);
        await expectPage(journey, decisions, "Habilitations");
        await journey.click(`Valider la demande de Cendrine Martin pour ${name}`, { role: "button" });
        expect(await flash(journey)).toBe("L'habilitation est validée : la personne en est informée par courriel.");
        await journey.click(`Désactiver l'habilitation de Cendrine Martin pour ${name}`, { role: "link" });
        await expectPage(journey, pathOf(journey), "Désactiver l'habilitation");
        await journey.submit("Désactiver l'habilitation");
        expect(await errorSummary(journey)).toEqual(["Motif de la désactivation : Indiquez le motif de la désactivation : la personne le lira."]);
        await journey.click("Annuler", { role: "link" });
        await expectPage(journey, decisions, "Habilitations");
        await logOut(journey);

        await journey.goto("/connexion");
        await logIn(journey, member.identifier, member.password);
        await expectPage(journey, "/tableau-de-bord", "Tableau de bord");
        await journey.click("Mes prêts en ligne", { role: "link" });
        await expectPage(journey, `/services/${service.slug}/conditions`, "Conditions particulières d'utilisation");
        await journey.submit("Valider");
        expect(await errorSummary(journey)).toHaveLength(1);
        await journey.check("J'ai lu et j'accepte les conditions particulières d'utilisation");
        await journey.submit("Valider");
        await expectPage(journey, "/mentions-legales", "Mentions légales");
        await logOut(journey);

        // The first member of an organisation is told they will become its administrator (seed 001, case 2).
        await journey.goto("/connexion");
        await logIn(journey, firstMember.identifier, firstMember.password);
        await journey.goto(`/services/${service.slug}/habilitation`);
        await expect(page.getByRole("main").textContent()).resolves.toContain("Étant le premier utilisateur à vous déclarer pour cet établissement");
        await journey.submit("Accepter");
        await journey.click("Accepter le rôle d'administrateur", { role: "link" });
        expect(pathOf(journey)).toBe(`/structures/${firstOrganisation.id}/administrateur`);
        // Once accepted, both pages say what happened and what comes next, never the offer again (issue 13).
        await journey.submit("Accepter le rôle d'administrateur");
        await expect(page.getByRole("main").textContent()).resolves.toContain("Vous avez accepté de devenir administrateur de cette structure");
        await expect(page.getByRole("main").textContent()).resolves.not.toContain("Si vous acceptez");
        await journey.goto(`/services/${service.slug}/habilitation`);
        await expect(page.getByRole("main").textContent()).resolves.toContain("Vous avez accepté de devenir administrateur de votre structure");
        await journey.click("Saisir le code d'activation", { role: "link" });
        expect(pathOf(journey)).toBe(`/structures/${firstOrganisation.id}/administrateur`);
        // Until then the tile's service stays closed, and the page says why.
        await journey.goto(`/services/${service.slug}/ouvrir`);
        await expectPage(journey, `/services/${service.slug}/ouvrir`, "Habilitation nécessaire");
      });
    });
  }
});
