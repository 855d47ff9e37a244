import { describe, expect, test } from "vitest";
import { AID_ANSWERS, buildRequest, loadTestProcedures } from "../../test/instruction.ts";
import { buildAccount } from "../../test/builders.ts";
import { addMember, buildOrganisation } from "../../test/organisations.ts";
import { buildPdf } from "../../src/platform/uploads/test-files.ts";
import { storeUpload } from "../../src/platform/uploads/uploads.ts";
import { insertRequestDocument, insertUpload } from "../../src/core/requests/queries/requests.ts";
import { errorSummary, expectPage, flash, logIn } from "../accounts/pages.ts";
import { linkIn } from "../support/smtp.ts";
import { useE2e, type Journey } from "../support/journey.ts";

const e2e = useE2e();

/** Text as read, no-break spaces as spaces (amounts are written with them). */
const plain = (text: string | null) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");

const dayFormat = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric" });

let procedures: ReturnType<typeof loadTestProcedures> | undefined;

describe("the payments of a granted aid", () => {
  for (const javaScript of [true, false]) {
    test(`accepted with an advance and a balance, the advance paid, the balance asked with receipts and paid — every mail read from SMTP (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { deps, mailbox } = e2e.server;
      procedures ??= loadTestProcedures(deps);
      const { aid } = await procedures;
      const run = (body: (journey: Journey) => Promise<void>) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));
      const suffix = javaScript ? "a" : "b";
      const agent = await buildAccount(deps.db, { role: "agent", firstName: "Lucie", lastName: "Vidal" });
      await deps.db.insertInto("procedureAgents").values({ procedureId: aid.id, accountId: agent.id, createdAt: new Date() }).execute();
      const applicant = await buildAccount(deps.db, { civility: "Mme", firstName: "Inès", lastName: "Garnier", email: `ines.garnier.${suffix}@exemple.fr` });
      const organisation = await buildOrganisation(deps.db);
      await addMember(deps.db, organisation, applicant);
      const request = await buildRequest(deps.db, { procedure: aid, prefix: "AA", applicant, filedAt: new Date(), organisationId: organisation.id, answers: { ...AID_ANSWERS, "nature-aide": "projet", iban: "FR76 3000 6000 0112 3456 7890 189" } });
      const rib = await storeUpload(deps, { content: await buildPdf("RIB"), declaredName: "rib-association.pdf", accepted: ["pdf"], maxBytes: 5_000_000 });
      if (!rib.ok) throw new Error(rib.message);
      await insertUpload(deps.db, rib.upload);
      await insertRequestDocument(deps.db, { requestId: request.id, documentId: "rib", uploadId: rib.upload.id, uploadedBy: applicant.id, now: new Date() });
      const agentPage = `/instruction/${aid.slug}/${request.id}`;
      const today = dayFormat.format(new Date());
      const later = dayFormat.format(new Date(Date.now() + 120 * 24 * 60 * 60 * 1000));

      // The agent accepts the request, then records the grant and its schedule (a first try over the grant is refused).
      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        await journey.goto(agentPage);
        await journey.submit("Prendre en charge");
        await journey.click("Accepter", { role: "link" });
        await journey.submit("Confirmer l'acceptation");
        await journey.click("Enregistrer l'aide accordée et ses versements", { role: "link" });
        await expectPage(journey, `${agentPage}/versements`, "Aide accordée et versements");
        await journey.fill("Montant accordé (en euros)", "5 000 €");
        const first = page.getByRole("group", { name: "Versement 1" });
        await first.getByLabel("Nom du versement").fill("Avance");
        await first.getByLabel("Montant (en euros)").fill("2000.00");
        await first.getByLabel("Date prévue").fill(today);
        const second = page.getByRole("group", { name: "Versement 2" });
        await second.getByLabel(/^Nom du versement/).fill("Solde");
        await second.getByLabel(/^Montant \(en euros\)/).fill("3 500,50");
        await second.getByLabel(/^Date prévue/).fill(later);
        await second.getByLabel(/^Conditions/).fill("Factures acquittées des dépenses du projet");
        await second.getByLabel("Le demandeur doit fournir des justificatifs avant ce versement").check();
        await journey.submit("Enregistrer");
        expect(plain((await errorSummary(journey)).join(" "))).toContain("Ce versement dépasse le montant restant à verser (3 000,00 €)");
        expect(await second.getByLabel(/^Montant \(en euros\)/).inputValue()).toBe("3 500,50");
        await second.getByLabel(/^Montant \(en euros\)/).fill("3 000");
        await journey.submit("Enregistrer");
        expect(await flash(journey)).toBe("Le montant accordé et l'échéancier sont enregistrés : le demandeur en est informé par courriel.");
        const payments = page.getByRole("region", { name: "Versements", exact: true });
        expect(plain(await payments.textContent())).toContain("FR76 3000 6000 0112 3456 7890 189");
        expect(await payments.textContent()).toContain("rib-association.pdf");
        await journey.submit("Mandater : Avance");
        expect(await flash(journey)).toBe("Le versement est mandaté : le demandeur en est informé par courriel.");
        await journey.click("Enregistrer le paiement : Avance", { role: "link" });
        expect(await page.getByLabel("Date du paiement").inputValue()).toBe(today);
        await journey.submit("Enregistrer le paiement");
        expect(await flash(journey)).toBe("Le paiement est enregistré : le demandeur en est informé par courriel.");
        expect(plain(await payments.textContent())).toContain("Reste à verser3 000,00 €");
      });

      const grantMail = await mailbox.waitFor({ to: applicant.email, subject: /Montant de votre aide et échéancier des versements/ });
      expect(plain(grantMail.text)).toContain("Solde : 3 000,00 €");
      await mailbox.waitFor({ to: applicant.email, subject: /Un versement de votre aide est mandaté/ });
      const paidMail = await mailbox.waitFor({ to: applicant.email, subject: /Un versement de votre aide est payé/ });
      expect(plain(paidMail.text)).toContain("« Avance » (2 000,00 €)");

      // The applicant sees the payments on « Mes demandes » and on the request, and asks for the balance with receipts.
      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, applicant.identifier, applicant.password);
        await journey.goto("/demandes");
        expect(plain(await page.getByRole("main").textContent())).toContain("Versements : 2 000,00 € versés sur 5 000,00 € — prochain versement : Solde (3 000,00 €), prévu le");
        await journey.goto(linkIn(paidMail, `/demandes/${request.id}`));
        const payments = page.getByRole("region", { name: "Versements", exact: true });
        expect(await payments.textContent()).toContain("Payé");
        await journey.click("Demander ce versement : Solde", { role: "link" });
        await expectPage(journey, `/demandes/${request.id}/versements/${pathEnd(journey)}`, "Demander le versement « Solde »");
        await journey.submit("Envoyer ma demande de versement");
        expect(await errorSummary(journey)).toEqual(["Joignez vos justificatifs : choisissez un fichier."]);
        await page.getByLabel("Justificatifs : Solde").setInputFiles({ name: "factures.pdf", mimeType: "application/pdf", buffer: await buildPdf("Factures acquittées") });
        await journey.submit("Envoyer ma demande de versement");
        expect(await flash(journey)).toBe("Votre demande de versement et vos justificatifs sont transmis au service instructeur.");
        expect(await page.getByRole("region", { name: "Versements", exact: true }).textContent()).toContain("Demandé");
      });
      await mailbox.waitFor({ to: applicant.email, subject: /Votre demande de versement a bien été transmise/ });

      // The agent reads the receipts, orders and pays the balance.
      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        await journey.goto(agentPage);
        expect(await page.getByRole("region", { name: "Versements", exact: true }).textContent()).toContain("factures.pdf");
        await journey.submit("Mandater : Solde");
        await journey.click("Enregistrer le paiement : Solde", { role: "link" });
        await journey.submit("Enregistrer le paiement");
        expect(plain(await page.getByRole("region", { name: "Versements", exact: true }).textContent())).toContain("Reste à verser0,00 €");
      });
      const balancePaid = await waitForMail(() => mailbox.find({ to: applicant.email, subject: /Un versement de votre aide est payé/ }).find((mail) => mail.text.includes("Solde")));
      expect(plain(balancePaid.text)).toContain("« Solde » (3 000,00 €)");

      // The applicant sees every step, and the history tells it.
      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, applicant.identifier, applicant.password);
        await journey.goto("/demandes");
        expect(plain(await page.getByRole("main").textContent())).toContain("Versements : 5 000,00 € versés sur 5 000,00 € — aide entièrement versée");
        await journey.goto(`/demandes/${request.id}/historique`);
        const history = (await page.getByRole("main").textContent()) ?? "";
        for (const line of ["Montant accordé et échéancier des versements enregistrés", "Versement mandaté", "Versement payé", "Versement demandé avec ses justificatifs"]) expect(history).toContain(line);
      });
    });
  }
});

/** The last segment of the current address (the payment's id). */
function pathEnd(journey: Journey): string {
  return new URL(journey.page.url()).pathname.split("/").at(-1) ?? "";
}

/** Polls until `find` returns a mail (the second mail of a subject: `waitFor` returns the first). */
async function waitForMail<M>(find: () => M | undefined, timeoutMs = 15_000): Promise<M> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error("No such mail in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
