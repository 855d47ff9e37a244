import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { loadProcedures } from "../../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../../src/core/procedures/publish-procedure.ts";
import { buildDefinition } from "../../test/procedures.ts";
import { buildPdf } from "../../src/platform/uploads/test-files.ts";
import { errorSummary, expectPage, flash, logIn, pathOf } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("an applicant files a request", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;
    const run = (body: Parameters<typeof e2e.journey>[0]) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));

    test(`from the catalogue to the filing receipt, with a document, then follows it in « Mes demandes » (${mode})`, async () => {
      const { deps } = e2e.server;
      const slug = javaScript ? "essai-avec-script" : "essai-sans-script";
      const definition = buildDefinition({ slug, titre: `Démarche d'essai ${javaScript ? "A" : "B"}` });
      definition.étapes[0]!.champs.push({ id: "nom", type: "texte-court", libellé: "Nom", obligatoire: true });
      definition.étapes[0]!.pièces = [{ id: "identite", libellé: "Pièce d'identité", obligatoire: true, formats: ["pdf"], taille_max_mo: 2 }];
      await loadProcedures(deps, [{ name: `procedures/${slug}.json`, content: JSON.stringify(definition) }], { via: "cli" });
      await publishProcedure(deps, { slug }, { actorId: null });
      const person = await buildAccount(deps.db);
      const pdf = await buildPdf("Carte nationale d'identité");

      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, person.identifier, person.password);
        await journey.goto("/demarches");
        await expectPage(journey, "/demarches", "Déposer une demande");
        await journey.submit(`Commencer ma demande : ${definition.titre}`);
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Informations générales");
        const stepPath = pathOf(journey);

        await journey.fill("Commune souhaitée", "Atlantide");
        await journey.submit("Poursuivre pour renforcer ma demande");
        expect(await errorSummary(journey)).toHaveLength(1);
        expect(await page.getByLabel("Commune souhaitée").inputValue()).toBe("Atlantide");
        await journey.fill("Commune souhaitée", "69123");
        await journey.fill("Nom", "Martin");
        await journey.submit("Poursuivre pour renforcer ma demande");
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Composition du foyer");

        await journey.clickOn(page.getByRole("navigation", { name: "Étapes de la demande" }).getByRole("link", { name: "Informations générales" }));
        expect(pathOf(journey)).toBe(stepPath);
        await page.getByLabel("Ajouter un fichier : Pièce d'identité").setInputFiles({ name: "carte.pdf", mimeType: "application/pdf", buffer: pdf });
        await journey.submit("Joindre ce fichier : Pièce d'identité");
        expect(await flash(journey)).toBe("Le fichier est joint à votre demande.");
        await expect(page.getByRole("link", { name: /^carte\.pdf/ })).toBeTruthy();

        await journey.submit("Déposer ma demande");
        await expectPage(journey, pathOf(journey), "Votre demande est déposée");
        const number = ((await page.locator(".request-number").first().textContent()) ?? "").trim();
        expect(number).toMatch(/^ES[A-Z347] ([A-Z347]{3} ){4}[A-Z347]{3}$/);

        await journey.clickOn(page.locator(".link-list").getByRole("link", { name: "Mes demandes" }));
        await expectPage(journey, "/demandes", "Mes demandes");
        expect(await page.getByRole("main").textContent()).toContain(number);
        await journey.clickOn(page.getByRole("link", { name: "Historique" }).first());
        await expectPage(journey, pathOf(journey), "Historique de la demande");
        expect(await page.getByRole("table").textContent()).toContain("Demande déposée");

        await journey.goto("/demandes");
        await journey.clickOn(page.getByRole("link", { name: "Consulter" }).first());
        expect(await page.getByRole("main").textContent()).toContain("Martin");
        await journey.clickOn(page.getByRole("link", { name: "Abandonner ma demande" }).first());
        await expectPage(journey, pathOf(journey), "Abandonner ma demande");
        await journey.submit("Abandonner ma demande");
        expect(await errorSummary(journey)).toEqual(["Cochez la case pour confirmer l'abandon de votre demande."]);
        await journey.check("Je confirme l'abandon de cette demande");
        await journey.submit("Abandonner ma demande");
        expect(await flash(journey)).toBe("Votre demande est abandonnée.");
        expect(await page.getByRole("main").textContent()).toContain("Abandonnée");
      });

      const mail = await e2e.server.mailbox.waitFor({ to: person.email, subject: /Votre demande est déposée/ });
      expect(mail.attachments).toHaveLength(1);
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(mail.attachments[0]!.content)), { mergePages: true });
      expect(text).toContain("Récépissé de dépôt");
      expect(text).toContain("Pièce d'identité : carte.pdf");
    });
  }
});
