import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { buildDefinition } from "../../test/procedures.ts";
import { loadProcedures } from "../../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../../src/core/procedures/publish-procedure.ts";
import { errorSummary, expectPage, flash, logIn, pathOf } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("the public home page and catalogue", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;
    const run = (body: Parameters<typeof e2e.journey>[0]) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));

    test(`a visitor reads the home page, the catalogue and a procedure, then logs in from « Déposer une demande » and lands on the draft (${mode})`, async () => {
      const { deps } = e2e.server;
      const slug = javaScript ? "aide-velo-script" : "aide-velo-sans-script";
      const title = `Aide à l'achat d'un vélo ${javaScript ? "A" : "B"}`;
      const definition = buildDefinition({ slug, titre: title, thème: "Mobilité", résumé: "Une aide pour acheter un vélo à assistance électrique.", date_limite: "2099-12-31" });
      definition.étapes[0]!.pièces = [{ id: "facture", libellé: "Facture du vélo", obligatoire: true, formats: ["pdf"], taille_max_mo: 5 }];
      await loadProcedures(deps, [{ name: `procedures/${slug}.json`, content: JSON.stringify(definition) }], { via: "cli" });
      await publishProcedure(deps, { slug }, { actorId: null });
      const person = await buildAccount(deps.db);

      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/");
        await expectPage(journey, "/", /^Bienvenue sur /);
        // The home page's own help links (the footer has its own "Posez-nous votre question").
        await expect(page.locator("main").getByRole("link", { name: "Posez-nous votre question" }).count()).resolves.toBe(1);
        await expect(page.getByRole("link", { name: "Comment ça marche ?" }).count()).resolves.toBeGreaterThan(0);

        await journey.click("Voir toutes les démarches et déposer une demande", { role: "link" });
        await expectPage(journey, "/demarches", "Déposer une demande");
        expect(await page.getByRole("heading", { level: 2, name: "Mobilité" }).count()).toBe(1);

        await journey.click(title, { role: "link" });
        await expectPage(journey, `/demarches/${slug}`, title);
        expect(await page.getByRole("listitem").filter({ hasText: "Facture du vélo" }).count()).toBe(1);
        expect(await page.getByText("31 décembre 2099").count()).toBeGreaterThan(0);

        await journey.submit(`Déposer une demande : ${title}`);
        expect(pathOf(journey)).toBe("/connexion");
        await logIn(journey, person.identifier, person.password);
        expect(pathOf(journey)).toMatch(/^\/demandes\/[0-9a-f-]{36}\/general$/);
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Informations générales");
        // Every page is measured at 375 px by the journey's own check (no sideways scroll, RGAA 10.11).
        if (javaScript) for (const path of ["/", "/demarches", `/demarches/${slug}`]) await journey.goto(path);
      });
    });

    test(`an admin publishes an important notice, which the home page then shows first (${mode})`, async () => {
      const { deps } = e2e.server;
      const admin = await buildAccount(deps.db, { role: "platform_admin" });
      const noticeTitle = `Fermeture des accueils ${javaScript ? "A" : "B"}`;

      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, admin.identifier, admin.password);
        await journey.goto("/administration");
        await journey.click("Actualités et présentation", { role: "link" });
        await expectPage(journey, "/administration/actualites", "Actualités et présentation");
        await journey.click("Ajouter une actualité", { role: "link" });
        await expectPage(journey, "/administration/actualites/nouvelle", "Ajouter une actualité");

        await journey.fill("Afficher jusqu'au (facultatif)", "32/13/2026");
        await journey.submit("Ajouter l'actualité");
        expect(await errorSummary(journey)).toEqual([
          "Titre : Indiquez le titre de l'actualité.",
          "Texte : Indiquez le texte de l'actualité.",
          "Afficher jusqu'au : La date de fin d'affichage s'écrit JJ/MM/AAAA et doit exister, par exemple 15/09/2026.",
        ]);
        expect(await page.getByLabel("Afficher jusqu'au (facultatif)").inputValue()).toBe("32/13/2026");

        await journey.fill("Titre", noticeTitle);
        await journey.fill("Texte", `Les accueils sont fermés le 14 juillet.\n\nLe portail reste ouvert (${mode}).`);
        await journey.fill("Afficher jusqu'au (facultatif)", "31/12/2099");
        await journey.check("Important : affichée avant les autres, mise en évidence");
        await journey.check("Publier cette actualité (elle s'affiche sur la page d'accueil pendant ses dates)");
        await journey.submit("Ajouter l'actualité");
        await expectPage(journey, "/administration/actualites", "Actualités et présentation");
        expect(await flash(journey)).toBe("L'actualité est ajoutée.");

        await journey.goto("/");
        const notices = page.getByRole("region", { name: "Actualités" }).getByRole("heading", { level: 3 });
        expect(((await notices.first().textContent()) ?? "").trim()).toBe(`Important ${noticeTitle}`);
        expect(await page.getByText(`Le portail reste ouvert (${mode}).`, { exact: true }).count()).toBe(1);
        if (javaScript) for (const path of ["/", "/administration/actualites", "/administration/actualites/nouvelle"]) await journey.goto(path);
      });
    });
  }
});
