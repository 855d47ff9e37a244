import { readFile } from "node:fs/promises";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { loadProcedures } from "../../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../../src/core/procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../../src/core/procedures/queries.ts";
import { findApplicantRequest, insertRequestDocument, insertUpload } from "../../src/core/requests/queries/requests.ts";
import { buildPdf } from "../../src/platform/uploads/test-files.ts";
import { storeUpload } from "../../src/platform/uploads/uploads.ts";
import { saveStep } from "../../src/core/requests/save-step.ts";
import { startRequest } from "../../src/core/requests/start-request.ts";
import { submitRequest } from "../../src/core/requests/submit-request.ts";
import { DAY } from "../../src/platform/clock.ts";
import { runValidityJob } from "../../src/features/request-renewal/validity-job.ts";
import { expectPage, flash, logIn } from "../accounts/pages.ts";
import { linkIn } from "../support/smtp.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

let published: Promise<void> | undefined;

describe("a filed housing request updated, reminded, renewed, then left to expire (issue 12)", () => {
  for (const javaScript of [true, false]) {
    test(`the applicant updates and renews, the agent sees the change, the job reminds and expires — mails read from SMTP (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { deps, mailbox } = e2e.server;
      published ??= (async () => {
        const content = await readFile(new URL("../../procedures/logement-social.json", import.meta.url), "utf8");
        await loadProcedures(deps, [{ name: "procedures/logement-social.json", content }], { via: "cli" });
        await publishProcedure(deps, { slug: "logement-social" }, { actorId: null });
      })();
      await published;
      /** The PDFs of the first `count` update mails to `to`, as text (waits for them). */
      async function updateSummaries(to: string, count: number): Promise<string[]> {
        const deadline = Date.now() + 15_000;
        let mails = mailbox.find({ to, subject: /Votre demande est mise à jour/ });
        while (mails.length < count && Date.now() < deadline) {
          await mailbox.waitFor({ to, subject: /Votre demande est mise à jour/ }, 1000).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 100));
          mails = mailbox.find({ to, subject: /Votre demande est mise à jour/ });
        }
        expect(mails).toHaveLength(count);
        return Promise.all(mails.map(async (mail) => (await extractText(await getDocumentProxy(new Uint8Array(mail.attachments[0]!.content)), { mergePages: true })).text));
      }
      const run = (body: Parameters<typeof e2e.journey>[0]) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));
      const definition = (await findPublishedDefinition(deps.db, "logement-social"))!;
      const agent = await buildAccount(deps.db, { role: "agent", firstName: "Lucie", lastName: "Vidal" });
      await deps.db.insertInto("procedureAgents").values({ procedureId: definition.procedureId, accountId: agent.id, createdAt: new Date() }).execute();
      const applicant = await buildAccount(deps.db, { civility: "Mme", firstName: "Camille", lastName: "Martin", email: `camille.martin.${javaScript ? "a" : "b"}@exemple.fr` });

      // The request filed (the filing pages have their own journey), as the demo's.
      const started = await startRequest(deps, { slug: "logement-social", accountId: applicant.id, email: applicant.email, currentOrganisationId: null });
      if (!started.started) throw new Error("not started");
      const id = started.requestId;
      const draft = (await findApplicantRequest(deps.db, id, applicant.id))!;
      const form = { "commune-souhaitee": "Rouen", "nombre-codemandeurs": "0", "nom-usage": "Martin", prenom: "Camille", nir: "2 90 05 75 056 123 84", "date-naissance": "12/05/1990", nationalite: "francaise", telephone: "06 12 34 56 78" };
      expect((await saveStep(deps, { request: draft, definition: definition.definition, stepId: "informations-generales", form, today: "2026-03-02" })).errors).toEqual({});
      // With its identity document, joined on the draft (the filing journey shows how).
      const stored = await storeUpload(deps, { content: await buildPdf("Ancienne carte"), declaredName: "identite-ancienne.pdf", accepted: ["pdf"], maxBytes: 1024 * 1024 });
      if (!stored.ok) throw new Error(stored.message);
      await insertUpload(deps.db, stored.upload);
      await insertRequestDocument(deps.db, { requestId: id, documentId: "piece-identite", uploadId: stored.upload.id, uploadedBy: applicant.id, now: new Date() });
      expect((await submitRequest(deps, { requestId: id, accountId: applicant.id, definition: definition.definition })).filed).toBe(true);
      const agentPage = `/instruction/logement-social/${id}`;

      // The agent has looked at it once.
      await run(async (journey) => {
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        await journey.goto(agentPage);
        expect(await journey.page.getByRole("heading", { name: "Modifiée depuis votre dernière consultation" }).count()).toBe(0);
      });

      // The applicant updates the phone number from "Mes demandes".
      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, applicant.identifier, applicant.password);
        await journey.goto("/demandes");
        expect(await page.getByRole("main").textContent()).toContain("Valable jusqu'au");
        await journey.click("Mettre à jour ma demande", { role: "link" });
        await expectPage(journey, `/demandes/${id}/mise-a-jour`, "Mettre à jour ma demande");
        await journey.click("Modifier l'étape « Informations générales »", { role: "link" });
        await journey.fill(/^Téléphone/, "07 11 22 33 44");
        await journey.submit("Enregistrer la mise à jour");
        expect(await flash(journey)).toBe("Votre demande est mise à jour : vous allez recevoir un courriel avec le récapitulatif des informations modifiées.");

        // Then replaces the identity document, from the same step (a plain multipart form).
        await journey.click("Modifier l'étape « Informations générales »", { role: "link" });
        await page.locator("summary", { hasText: "Remplacer identite-ancienne.pdf" }).click();
        await page.getByLabel("Nouveau fichier : remplace identite-ancienne.pdf").setInputFiles({ name: "identite-nouvelle.pdf", mimeType: "application/pdf", buffer: await buildPdf("Nouvelle carte") });
        await journey.submit("Remplacer le fichier identite-ancienne.pdf");
        expect(await flash(journey)).toBe("Votre demande est mise à jour : vous allez recevoir un courriel avec le récapitulatif des informations modifiées.");
        await expectPage(journey, `/demandes/${id}/mise-a-jour/informations-generales`, "Informations générales");
        const documents = page.getByRole("region", { name: "Pièces justificatives" });
        expect(await documents.textContent()).toContain("identite-nouvelle.pdf");
        expect(await documents.textContent()).not.toContain("identite-ancienne.pdf");
      });
      // Two updates, two mails, each with the PDF of its change.
      const summaries = await updateSummaries(applicant.email, 2);
      expect(summaries.join("\n")).toContain("Récapitulatif des informations modifiées");
      expect(summaries.find((text) => text.includes("07 11 22 33 44"))).toBeDefined();
      const documentSummary = summaries.find((text) => text.includes("identite-nouvelle.pdf"));
      expect(documentSummary).toContain("Pièce d'identité");
      expect(documentSummary).toContain("identite-ancienne.pdf");

      // The agent sees the change in the list and on the request's page.
      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        await journey.goto("/instruction/logement-social");
        expect(await page.getByRole("row").filter({ hasText: "Mise à jour par le demandeur" }).count()).toBeGreaterThan(0);
        await journey.goto(agentPage);
        const news = page.getByRole("region", { name: "Modifiée depuis votre dernière consultation" });
        expect(await news.textContent()).toContain("07 11 22 33 44");
        expect(await news.textContent()).toContain("avant : identite-ancienne.pdf ; après : identite-nouvelle.pdf");
      });

      // Three weeks before the end: the job mails the reminder; the applicant renews from its link.
      await deps.db.updateTable("requests").set({ validUntil: new Date(Date.now() + 21 * DAY) }).where("id", "=", id).execute();
      await runValidityJob(deps);
      const reminder = await mailbox.waitFor({ to: applicant.email, subject: /Votre demande est à renouveler/ });
      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, applicant.identifier, applicant.password);
        await journey.goto("/tableau-de-bord");
        expect(await page.getByRole("main").textContent()).toContain("1 demande attend une action de votre part");
        await journey.goto(linkIn(reminder, `/demandes/${id}/renouveler`));
        await expectPage(journey, `/demandes/${id}/renouveler`, "Renouveler ma demande");
        await journey.submit("Confirmer le renouvellement");
        expect(await flash(journey)).toBe("Votre demande est renouvelée : vous allez recevoir un courriel de confirmation.");
        expect(await page.getByRole("main").textContent()).toContain("Renouvelée le");
      });
      await mailbox.waitFor({ to: applicant.email, subject: /Votre demande est renouvelée/ });

      // Left to run out: the last reminder, then the expiry and its mail.
      await deps.db.updateTable("requests").set({ validUntil: new Date(Date.now() + 5 * DAY) }).where("id", "=", id).execute();
      await runValidityJob(deps);
      await mailbox.waitFor({ to: applicant.email, subject: /Dernier rappel/ });
      await deps.db.updateTable("requests").set({ validUntil: new Date(Date.now() - 60_000) }).where("id", "=", id).execute();
      await runValidityJob(deps);
      await mailbox.waitFor({ to: applicant.email, subject: /Votre demande a expiré/ });
      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, applicant.identifier, applicant.password);
        await journey.goto(`/demandes/${id}`);
        expect(await page.getByRole("main").textContent()).toContain("Expirée");
        await journey.goto(`/demandes/${id}/mise-a-jour`);
        expect(await page.getByRole("main").textContent()).toContain("Cette demande a expiré");
      });
    });
  }
});
