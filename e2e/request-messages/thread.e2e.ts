import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { processRequest } from "../../src/features/instruction/process-request.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures } from "../../test/instruction.ts";
import { buildPdf } from "../../src/platform/uploads/test-files.ts";
import { buildAccount } from "../../test/builders.ts";
import { errorSummary, expectPage, flash, logIn, logOut, pathOf } from "../accounts/pages.ts";
import type { Journey } from "../support/journey.ts";
import { linkIn } from "../support/smtp.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("the applicant and the case worker write to each other on a request", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;
    const run = (body: (journey: Journey) => Promise<void>) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));

    test(`a message with an attachment, an internal note and a reply read after the mail (${mode})`, async () => {
      const { deps, mailbox } = e2e.server;
      const procedures = javaScript ? await loadTestProcedures(deps) : await currentProcedures();
      const suffix = javaScript ? "a" : "b";
      const agent = await buildAccount(deps.db, { role: "agent", firstName: "Hugo", lastName: "Vidal", email: `hugo.vidal.${suffix}@region.exemple.fr` });
      await deps.db.insertInto("procedureAgents").values({ procedureId: procedures.aid.id, accountId: agent.id, createdAt: new Date() }).execute();
      const applicant = await buildAccount(deps.db, { civility: "Mme", firstName: "Alice", lastName: "Durand", email: `alice.durand.${suffix}@exemple.fr` });
      const request = await buildRequest(deps.db, { procedure: procedures.aid, prefix: "AA", applicant, filedAt: new Date(), answers: AID_ANSWERS });
      // Taken in charge: the applicant's messages are mailed to this agent.
      await processRequest(deps, { procedureId: procedures.aid.id, procedureTitle: "Aide régionale", requestId: request.id, agentId: agent.id, transition: "take" });
      const budget = await buildPdf("Budget prévisionnel révisé");
      const threadPath = `/demandes/${request.id}/messagerie`;
      const agentThreadPath = `/instruction/${procedures.aid.slug}/${request.id}/messagerie`;

      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, applicant.identifier, applicant.password);
        await journey.goto("/demandes");
        await journey.clickOn(page.getByRole("link", { name: "Messagerie (aucun message)" }).first());
        await expectPage(journey, threadPath, "Messagerie");
        expect(await page.getByRole("main").textContent()).toContain("Aucun message pour le moment.");

        await journey.submit("Envoyer le message");
        expect(await errorSummary(journey)).toEqual(["Votre message : Écrivez votre message."]);
        await journey.fill("Votre message", "Bonjour,\nvoici notre budget révisé après le conseil d'administration.");
        await page.getByLabel(/^Pièce jointe/).setInputFiles({ name: "budget révisé.pdf", mimeType: "application/pdf", buffer: budget });
        await journey.submit("Envoyer le message");
        expect(await flash(journey)).toBe("Votre message est envoyé au service instructeur.");
        const thread = page.getByRole("main").locator(".message-thread");
        expect(await thread.textContent()).toContain("voici notre budget révisé");
        await expect(thread.getByRole("heading", { level: 3 }).first().textContent()).resolves.toMatch(/^Vous, le /);
        await logOut(journey);
      });

      const agentMail = await mailbox.waitFor({ to: agent.email, subject: /Nouveau message d'un demandeur/ });
      expect(agentMail.text).not.toContain("budget révisé");

      await run(async (journey) => {
        const { page } = journey;
        // The link in the mail asks for the login, then leads to the thread.
        await journey.goto(linkIn(agentMail, "/instruction/"));
        expect(pathOf(journey)).toBe("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        await expectPage(journey, agentThreadPath, "Messagerie");
        const thread = page.getByRole("main").locator(".message-thread");
        expect(await thread.textContent()).toContain("voici notre budget révisé");
        expect(await thread.getByRole("heading", { level: 3 }).first().textContent()).toMatch(/^Mme Alice Durand \(demandeur\), le /);

        const [download] = await Promise.all([page.waitForEvent("download"), thread.getByRole("link", { name: "budget révisé.pdf" }).click()]);
        expect(download.suggestedFilename()).toBe("budget révisé.pdf");
        expect((await readFile(await download.path())).equals(budget)).toBe(true);
        await journey.checkPage();

        await journey.fill("Note interne", "SIRET vérifié auprès de l'INSEE : à instruire en priorité.");
        await journey.submit("Enregistrer la note interne");
        expect(await flash(journey)).toBe("La note interne est enregistrée : elle n'est pas visible par le demandeur.");
        expect(await thread.textContent()).toContain("Note interne — non visible par le demandeur");

        await journey.fill("Message au demandeur", "Merci, votre budget est bien reçu : la commission se réunit le 12 mai.");
        await journey.submit("Envoyer au demandeur");
        expect(await flash(journey)).toBe("Votre message est envoyé : le demandeur en est informé par courriel.");

        await journey.clickOn(page.getByRole("link", { name: "Retour à la demande" }));
        await journey.clickOn(page.getByRole("link", { name: "Messagerie et notes internes" }));
        expect(pathOf(journey)).toBe(agentThreadPath);
        await logOut(journey);
      });

      const applicantMail = await mailbox.waitFor({ to: applicant.email, subject: /Nouveau message sur votre demande/ });
      expect(applicantMail.text).toContain("Bonjour Mme Durand,");
      expect(applicantMail.text).not.toContain("commission");
      expect(applicantMail.text).not.toContain("SIRET");
      expect(mailbox.find({ to: applicant.email }).some((mail) => /INSEE|Note interne/.test(mail.text))).toBe(false);

      await run(async (journey) => {
        const { page } = journey;
        await journey.goto(linkIn(applicantMail, "/demandes/"));
        await logIn(journey, applicant.identifier, applicant.password);
        await expectPage(journey, threadPath, "Messagerie");
        const thread = page.getByRole("main").locator(".message-thread");
        const text = (await thread.textContent()) ?? "";
        expect(text).toContain("la commission se réunit le 12 mai");
        expect(await thread.getByRole("heading", { level: 3 }).last().textContent()).toMatch(/^Service instructeur, le /);
        expect(text).not.toContain("INSEE");
        expect(await page.getByRole("main").textContent()).not.toContain("Note interne");
        await journey.goto(`/demandes/${request.id}/historique`);
        const history = (await page.getByRole("table").textContent()) ?? "";
        expect(history).toContain("Message reçu du service instructeur");
        expect(history).not.toContain("Note interne");
        // « Mes demandes » counts the messages the applicant can read: theirs and the reply, not the note.
        await journey.goto("/demandes");
        expect(await page.getByRole("link", { name: "Messagerie (2 messages)" }).count()).toBe(1);
      });
    });
  }

  /** The second journey reuses the procedures the first one loaded. */
  async function currentProcedures() {
    const rows = await e2e.server.deps.db.selectFrom("procedures").select(["id", "slug", "currentVersionId"]).execute();
    const aid = rows.find((row) => row.slug === "aide-associations");
    if (!aid?.currentVersionId) throw new Error("the aid procedure is not loaded");
    return { aid: { id: aid.id, slug: aid.slug, versionId: aid.currentVersionId } };
  }
});
