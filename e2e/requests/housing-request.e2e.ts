import { readFile } from "node:fs/promises";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { loadProcedures } from "../../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../../src/core/procedures/publish-procedure.ts";
import { buildPdf } from "../../src/platform/uploads/test-files.ts";
import { errorSummary, expectPage, flash, logIn, logOut, pathOf } from "../accounts/pages.ts";
import type { Journey } from "../support/journey.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

async function pdfText(content: Buffer | Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(content)), { mergePages: true });
  return text;
}

/** Joins a file to the document slot named `label` on the current step. */
async function join(journey: Journey, label: string, name: string, text: string) {
  await journey.page.getByLabel(`Ajouter un fichier : ${label}`).setInputFiles({ name, mimeType: "application/pdf", buffer: await buildPdf(text) });
  await journey.submit(`Joindre ce fichier : ${label}`);
  expect(await flash(journey)).toBe("Le fichier est joint à votre demande.");
}

/** Downloads a PDF the page links to, with the person's session, and returns its text. */
async function downloadedText(journey: Journey, linkName: string): Promise<string> {
  const [download] = await Promise.all([journey.page.waitForEvent("download"), journey.page.getByRole("link", { name: linkName }).first().click()]);
  return pdfText(await readFile((await download.path())!));
}

describe("the social-housing request of the demo data (seed 003)", () => {
  test("filled over two logins with its documents, submitted, then its receipt and summary downloaded and read", async () => {
    const { deps } = e2e.server;
    const definition = await readFile(new URL("../../procedures/logement-social.json", import.meta.url), "utf8");
    await loadProcedures(deps, [{ name: "procedures/logement-social.json", content: definition }], { via: "cli" });
    await publishProcedure(deps, { slug: "logement-social" }, { actorId: null });
    const person = await buildAccount(deps.db, { firstName: "Aïcha", lastName: "Benali" });

    // First login: the commune first, the applicant's identity and identity document, then « Poursuivre plus tard ».
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, person.identifier, person.password);
      await journey.goto("/demarches");
      await journey.submit("Commencer ma demande : Demande de logement social");
      await expectPage(journey, pathOf(journey), "Informations générales");
      await journey.fill("Commune souhaitée", "Rouen");
      await journey.select("Avec combien de co-demandeurs faites-vous cette demande ?", "0");
      await journey.fill("Nom d'usage ou d'époux(se)", "Benali");
      await journey.fill("Prénom", "Aïcha");
      await journey.fill("Numéro de sécurité sociale", "2 84 03 76 451 089 ");
      await journey.fill("Date de naissance", "15/03/1984");
      await journey.check("Française");
      await journey.submit("Poursuivre pour renforcer ma demande");
      // A NIR typed without its key, or with a wrong one, is explained; the rest is kept.
      expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Numéro de sécurité sociale : /)]);
      expect(await page.getByLabel("Prénom").inputValue()).toBe("Aïcha");
      await journey.fill("Numéro de sécurité sociale", "2 84 03 76 451 089 46");
      await journey.submit("Poursuivre pour renforcer ma demande");
      await expectPage(journey, pathOf(journey), "Demandeurs");

      await journey.clickOn(page.getByRole("navigation", { name: "Étapes de la demande" }).getByRole("link", { name: "Informations générales" }));
      await join(journey, "Pièce d'identité", "carte-identite.pdf", "Carte nationale d'identité de Aïcha Benali");
      await journey.submit("Poursuivre plus tard");
      await expectPage(journey, "/demandes", "Mes demandes");
      expect(await page.getByRole("main").textContent()).toContain("Brouillon");
      await logOut(journey);
    });

    // Second login, another day: the draft is where it was left; tax notice and income; then submitted.
    let number = "";
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, person.identifier, person.password);
      await journey.goto("/demandes");
      await journey.click("Compléter ma demande");
      await expectPage(journey, pathOf(journey), "Informations générales");
      expect(await page.getByLabel("Prénom").inputValue()).toBe("Aïcha");
      expect(await page.getByRole("link", { name: /^carte-identite\.pdf/ }).count()).toBe(1);

      await journey.clickOn(page.getByRole("navigation", { name: "Étapes de la demande" }).getByRole("link", { name: "Revenu fiscal" }));
      await journey.fill("Revenu fiscal de référence (facultatif)", "18 450 €");
      await journey.fill("Nombre de parts fiscales (facultatif)", "1");
      await journey.submit("Poursuivre pour renforcer ma demande");
      await expectPage(journey, pathOf(journey), "Ressources mensuelles");
      await journey.fill("Salaires nets mensuels (facultatif)", "1 450,80");
      await journey.submit("Poursuivre pour renforcer ma demande");
      await expectPage(journey, pathOf(journey), "Logement actuel");
      // The payslip is asked for once salaries are declared.
      await journey.clickOn(page.getByRole("navigation", { name: "Étapes de la demande" }).getByRole("link", { name: "Ressources mensuelles" }));
      await join(journey, "Fiche de paie (vous)", "fiche-de-paie.pdf", "Bulletin de salaire");
      await journey.clickOn(page.getByRole("navigation", { name: "Étapes de la demande" }).getByRole("link", { name: "Revenu fiscal" }));
      await join(journey, "Avis impôts (vous)", "avis-imposition-2025.pdf", "Avis d'imposition 2025");

      await journey.submit("Déposer ma demande");
      await expectPage(journey, pathOf(journey), "Votre demande est déposée");
      number = ((await page.locator(".request-number").first().textContent()) ?? "").trim();
      expect(number).toMatch(/^LS[A-Z347] ([A-Z347]{3} ){4}[A-Z347]{3}$/);

      const receipt = await downloadedText(journey, "Télécharger le récépissé");
      expect(receipt).toContain("Récépissé de dépôt");
      expect(receipt).toContain(number);
      expect(receipt).toContain("Demande de logement social");
      expect(receipt).toContain("Pièce d'identité : carte-identite.pdf");
      expect(receipt).toContain("Avis impôts (vous) : avis-imposition-2025.pdf");

      await journey.goto("/demandes");
      expect(await page.getByRole("main").textContent()).toContain(number);
      const summary = await downloadedText(journey, "Télécharger le récapitulatif");
      for (const expected of ["Demande de logement social", number, "Demandeur : Mme Aïcha Benali", "Commune souhaitée : Rouen (76)", "Numéro de sécurité sociale : 2 84 03 76 451 089 46", "Date de naissance : 15 mars 1984", "fiche-de-paie.pdf"]) {
        expect(summary).toContain(expected);
      }
      // Amounts typed « 18 450 € » and « 1 450,80 » read right (French grouping space may be narrow).
      expect(summary).toMatch(/Revenu fiscal de référence : 18\s450,00\s€/u);
      expect(summary).toMatch(/Salaires nets mensuels : 1\s450,80\s€/u);
      await logOut(journey);
    });

    const mail = await e2e.server.mailbox.waitFor({ to: person.email, subject: /Votre demande est déposée/ });
    expect(mail.text).toContain(number);
    expect(await pdfText(mail.attachments[0]!.content)).toContain(number);
  });
});
