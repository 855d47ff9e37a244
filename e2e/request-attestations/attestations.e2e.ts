import { readFile } from "node:fs/promises";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { loadProcedures } from "../../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../../src/core/procedures/publish-procedure.ts";
import { attachAgent } from "../../src/features/instruction/attach-agent.ts";
import { expectPage, logIn, logOut, pathOf } from "../accounts/pages.ts";
import type { Journey } from "../support/journey.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

async function pdfText(content: Buffer | Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(content)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

/** Downloads a PDF the page links to, with the person's session, and returns its text. */
async function downloadedText(journey: Journey, linkName: string): Promise<string> {
  const [download] = await Promise.all([journey.page.waitForEvent("download"), journey.page.getByRole("link", { name: linkName }).first().click()]);
  return pdfText(await readFile((await download.path())!));
}

describe("a request's attestation, official form and decision letter (seed 003: « télécharger le Cerfa ou l'attestation »)", () => {
  test("the demo housing request filed, its attestation and Cerfa-like form downloaded and read; refused, its decision letter read on both sides", async () => {
    const { deps } = e2e.server;
    const definition = await readFile(new URL("../../procedures/logement-social.json", import.meta.url), "utf8");
    await loadProcedures(deps, [{ name: "procedures/logement-social.json", content: definition }], { via: "cli" });
    await publishProcedure(deps, { slug: "logement-social" }, { actorId: null });
    const person = await buildAccount(deps.db, { firstName: "Aïcha", lastName: "Benali" });
    const agent = await buildAccount(deps.db, { role: "agent", firstName: "Lucie", lastName: "Vidal" });
    await attachAgent(deps, { agentId: agent.id, procedureSlug: "logement-social" }, { actorId: null });

    // The applicant files the housing request, then downloads its attestation and its Cerfa-like form from « Mes demandes ».
    let number = "";
    let requestPath = "";
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, person.identifier, person.password);
      await journey.goto("/demarches");
      await journey.submit("Commencer ma demande : Demande de logement social");
      await expectPage(journey, pathOf(journey), "Informations générales");
      requestPath = pathOf(journey).replace(/\/informations-generales$/, "");
      await journey.fill("Commune souhaitée", "Rouen");
      await journey.select("Avec combien de co-demandeurs faites-vous cette demande ?", "0");
      await journey.fill("Nom d'usage ou d'époux(se)", "Benali");
      await journey.fill("Prénom", "Aïcha");
      await journey.fill("Numéro de sécurité sociale", "2 84 03 76 451 089 46");
      await journey.fill("Date de naissance", "15/03/1984");
      await journey.check("Française");
      await journey.submit("Poursuivre pour renforcer ma demande");
      // The minimal information is saved: the request can be filed from the next step.
      await expectPage(journey, pathOf(journey), "Demandeurs");
      await journey.submit("Déposer ma demande");
      await expectPage(journey, pathOf(journey), "Votre demande est déposée");
      number = ((await page.locator(".request-number").first().textContent()) ?? "").trim();
      expect(number).toMatch(/^LS[A-Z347] ([A-Z347]{3} ){4}[A-Z347]{3}$/);

      await journey.goto("/demandes");
      const attestation = await downloadedText(journey, "Attestation d'enregistrement (PDF)");
      expect(attestation).toContain("Attestation d'enregistrement");
      expect(attestation).toContain(number);
      expect(attestation).toContain("Demandeur : Mme Aïcha Benali");
      expect(attestation).toMatch(/Date de première demande \(ancienneté\) : \d{1,2} \S+ \d{4}\s*\(aujourd'hui\)/);
      expect(attestation).toContain(`Cette attestation prouve que votre demande « Demande de logement social » est enregistrée sous le numéro ${number} depuis le`);

      const form = await downloadedText(journey, "Formulaire officiel (PDF)");
      for (const expected of ["Formulaire de référence : Cerfa n° 14069*04", number, "1. Vous, le demandeur", "Nom d'usage : Benali", "Prénom : Aïcha", "Date de naissance : 15 mars 1984", "Numéro de sécurité sociale : 2 84 03 76 451 089 46", "7. Le logement que vous recherchez", "Commune souhaitée : Rouen (76)"]) {
        expect(form).toContain(expected);
      }
      await logOut(journey);
    });

    // The agent refuses it (without JavaScript) and reads the letter from the request's page.
    const reason = "Votre dossier ne comporte pas d'avis d'imposition.";
    await e2e.withoutJavaScript(async (journey) => {
      await journey.goto("/connexion");
      await logIn(journey, agent.identifier, agent.password);
      const agentPage = `/instruction/logement-social/${requestPath.split("/").at(-1)!}`;
      await journey.goto(agentPage);
      expect(await journey.page.getByRole("heading", { name: "Documents de la demande" }).count()).toBe(1);
      await journey.submit("Prendre en charge");
      await journey.click("Refuser", { role: "link" });
      await journey.fill("Motif du refus", reason);
      await journey.submit("Confirmer le refus");
      await expectPage(journey, agentPage, /Demande n°/);
      const letter = await downloadedText(journey, "Courrier de décision (PDF)");
      expect(letter).toContain("Notification de refus");
      expect(letter).toContain(`Motif du refus : ${reason}`);
      await logOut(journey);
    });

    // The applicant (without JavaScript) downloads the decision letter from the request's page.
    await e2e.withoutJavaScript(async (journey) => {
      await journey.goto("/connexion");
      await logIn(journey, person.identifier, person.password);
      await journey.goto(requestPath);
      const letter = await downloadedText(journey, "Courrier de décision (PDF)");
      for (const expected of ["Notification de refus", `Objet : votre demande n° ${number}`, "est refusée", `Motif du refus : ${reason}`, "Voies et délais de recours", "dans un délai de deux mois", "former un recours gracieux auprès du service logement", "former un recours contentieux devant le tribunal administratif territorialement compétent", "Le service logement"]) {
        expect(letter).toContain(expected);
      }
      await logOut(journey);
    });
  });
});
