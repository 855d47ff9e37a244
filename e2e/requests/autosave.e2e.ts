import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { loadProcedures } from "../../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../../src/core/procedures/publish-procedure.ts";
import { buildDefinition } from "../../test/procedures.ts";
import { buildPdf, buildWindowsExecutable } from "../../src/platform/uploads/test-files.ts";
import { errorSummary, flash, logIn, pathOf } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("with JavaScript, a draft saves itself and uploads show their progress", () => {
  test("answers typed are saved without a button; a file is joined in place, a renamed program is refused on the same page", async () => {
    const { deps } = e2e.server;
    const definition = buildDefinition({ slug: "essai-enregistrement", titre: "Démarche d'essai C" });
    definition.étapes[0]!.champs.push({ id: "nom", type: "texte-court", libellé: "Nom", obligatoire: true });
    definition.étapes[0]!.pièces = [{ id: "identite", libellé: "Pièce d'identité", obligatoire: true, formats: ["pdf"], taille_max_mo: 2 }];
    await loadProcedures(deps, [{ name: "procedures/essai-enregistrement.json", content: JSON.stringify(definition) }], { via: "cli" });
    await publishProcedure(deps, { slug: definition.slug }, { actorId: null });
    const person = await buildAccount(deps.db);

    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, person.identifier, person.password);
      await journey.goto("/demarches");
      await journey.submit(`Commencer ma demande : ${definition.titre}`);
      const stepPath = pathOf(journey);

      // Typed, then a pause: the status says it is saved, and a fresh page shows it.
      await page.getByLabel("Nom").fill("Martin");
      await page.getByLabel("Commune souhaitée").fill("69123");
      const status = page.getByRole("status").filter({ hasText: "Brouillon enregistré automatiquement à" });
      await status.waitFor();
      expect(await status.textContent()).toMatch(/^Brouillon enregistré automatiquement à \d\d h \d\d\.$/);
      await journey.goto(stepPath);
      expect(await page.getByLabel("Nom").inputValue()).toBe("Martin");

      // A value the step cannot keep yet is counted, not lost from the screen.
      await page.getByLabel("Nom").fill("Martin-Durand");
      await page.getByLabel("Commune souhaitée").fill("Atlantide");
      await page.getByRole("status").filter({ hasText: "1 réponse n'est pas encore enregistrée" }).waitFor();
      expect(await page.getByLabel("Commune souhaitée").inputValue()).toBe("Atlantide");
      await page.getByLabel("Commune souhaitée").fill("69123");
      await page.getByRole("status").filter({ hasText: /^Brouillon enregistré automatiquement à \d\d h \d\d\.$/ }).waitFor();

      // Typed just before joining a file: saved before the upload leaves, so the page that comes back shows it.
      await page.getByLabel("Nom").fill("Martin-Dupuis");
      // The upload goes by script (progress bar), and the page the server answers replaces this one.
      await page.getByLabel("Ajouter un fichier : Pièce d'identité").setInputFiles({ name: "carte.pdf", mimeType: "application/pdf", buffer: await buildPdf("Carte") });
      // The server's answer is held back a moment, so the progress bar can be seen.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/pieces/identite", async (route) => {
        await held;
        await route.continue();
      });
      await page.getByRole("button", { name: "Joindre ce fichier : Pièce d'identité" }).click();
      await page.getByRole("progressbar", { name: "Envoi de carte.pdf" }).waitFor();
      expect(await page.getByRole("button", { name: "Joindre ce fichier : Pièce d'identité" }).isDisabled()).toBe(true);
      release();
      await page.getByRole("link", { name: /^carte\.pdf/ }).waitFor();
      await page.unroute("**/pieces/identite");
      await journey.checkPage();
      expect(await flash(journey)).toBe("Le fichier est joint à votre demande.");
      expect(pathOf(journey)).toBe(stepPath);
      expect(await page.getByLabel("Nom").inputValue()).toBe("Martin-Dupuis");

      await page.getByLabel("Ajouter un fichier : Pièce d'identité").setInputFiles({ name: "photo.pdf", mimeType: "application/pdf", buffer: buildWindowsExecutable() });
      await journey.submit("Joindre ce fichier : Pièce d'identité");
      await page.locator("[data-error-summary]").waitFor();
      expect(await errorSummary(journey)).toHaveLength(1);
      expect(pathOf(journey)).toBe(stepPath);
      // As after a page load, the error summary has the focus, and the page is enhanced again.
      expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-error-summary"))).toBe(true);
      await page.getByLabel("Nom").fill("Martin");
      await page.getByRole("status").filter({ hasText: "Brouillon enregistré automatiquement à" }).waitFor();
      await journey.submit("Poursuivre plus tard");
      expect(await flash(journey)).toContain("enregistrée");
    });
    const row = await deps.db.selectFrom("requests").select((eb) => eb.cast<string>("answers", "text").as("answers")).where("applicantId", "=", person.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers)).toMatchObject({ nom: "Martin", commune: { code: "69123" } });
  });
});
