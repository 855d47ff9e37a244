import { describe, expect, test } from "vitest";
import { buildRequest, loadTestProcedures, AID_ANSWERS } from "../../test/instruction.ts";
import { formatRequestNumber } from "../../src/platform/request-numbers/request-numbers.ts";
import { buildAccount } from "../../test/builders.ts";
import { errorSummary, expectPage, flash, logIn } from "../accounts/pages.ts";
import { useE2e, type Journey } from "../support/journey.ts";
import { resizeTo } from "../support/layout.ts";

const e2e = useE2e();

describe("a case worker processes a request", () => {
  for (const javaScript of [true, false]) {
    test(`lands on its work, finds a request by its number, takes it in charge, refuses it, filters, sorts and assigns (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { deps, mailbox } = e2e.server;
      const procedures = javaScript ? await loadTestProcedures(deps) : await currentProcedures();
      const agent = await buildAccount(deps.db, { role: "agent", firstName: "Camille", lastName: "Vidal" });
      await deps.db.insertInto("procedureAgents").values({ procedureId: procedures.aid.id, accountId: agent.id, createdAt: new Date() }).execute();
      const applicant = await buildAccount(deps.db, { email: `demandeur.${javaScript ? "a" : "b"}@exemple.fr` });
      const request = await buildRequest(deps.db, { procedure: procedures.aid, prefix: "AA", applicant, filedAt: new Date(), answers: AID_ANSWERS });
      // Issue 15: a colleague on the same procedure, and two more requests to share out.
      const colleague = await buildAccount(deps.db, { role: "agent", firstName: "Inès", lastName: `Roux${javaScript ? "" : " Bis"}` });
      await deps.db.insertInto("procedureAgents").values({ procedureId: procedures.aid.id, accountId: colleague.id, createdAt: new Date() }).execute();
      const second = await buildRequest(deps.db, { procedure: procedures.aid, prefix: "AA", filedAt: new Date(Date.now() + 1000), answers: AID_ANSWERS });
      const third = await buildRequest(deps.db, { procedure: procedures.aid, prefix: "AA", filedAt: new Date(Date.now() + 2000), answers: AID_ANSWERS });
      const colleagueName = `Inès Roux${javaScript ? "" : " Bis"}`;

      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        // Agents land on their work.
        await expectPage(journey, "/instruction", /Instruction|Mes démarches/);
        await journey.clickOn(page.getByRole("navigation", { name: "Menu du compte" }).getByRole("link", { name: "Instruction" }));
        await expectPage(journey, "/instruction", /Instruction|Mes démarches/);
        await journey.goto(`/instruction/${procedures.aid.slug}`);
        // The number as read over the phone: lower case, in groups.
        await journey.fill("Numéro de demande ou nom", formatRequestNumber(request.number).toLowerCase());
        await journey.submit("Filtrer");
        await journey.click(new RegExp(formatRequestNumber(request.number)), { role: "link" });
        await expectPage(journey, `/instruction/${procedures.aid.slug}/${request.id}`, `Demande n° ${formatRequestNumber(request.number)}`);
        await expect(page.getByText("Fête de quartier des Lilas").count()).resolves.toBeGreaterThan(0);

        await journey.submit("Prendre en charge");
        expect(await flash(journey)).not.toBe("");
        await readsTheRequestPage(journey);
        await journey.click("Refuser", { role: "link" });
        await journey.submit("Confirmer le refus");
        expect((await errorSummary(journey)).join(" ")).toMatch(/motif/i);
        await journey.fill(/Motif du refus/, "Le projet ne relève pas du dispositif.");
        await journey.submit("Confirmer le refus");
        await expect(page.getByText("Refusée", { exact: false }).count()).resolves.toBeGreaterThan(0);

        // "Assignées à moi", newest first: the request just refused is there, the others are not.
        await journey.goto(`/instruction/${procedures.aid.slug}`);
        await journey.select("Agent", "Assignées à moi");
        await journey.select("Trier par", "Date de dépôt, la plus récente d'abord");
        await journey.submit("Filtrer");
        expect(pathOf(page)).toContain("agent=moi");
        const numbers = () => page.getByRole("table").getByRole("rowheader").allTextContents();
        expect(await numbers()).toEqual([formatRequestNumber(request.number)]);

        // One request assigned to a colleague from its page: taken in charge for them.
        await journey.goto(`/instruction/${procedures.aid.slug}/${second.id}`);
        await journey.select("Attribuer la demande à", colleagueName);
        await journey.submit("Attribuer");
        expect(await flash(journey)).toContain("La demande est attribuée");
        await expect(page.getByRole("region", { name: "Synthèse" }).textContent()).resolves.toContain(colleagueName);

        // Both new requests ticked in the list (newest first), then given to me at once.
        await journey.goto(`/instruction/${procedures.aid.slug}?tri=depot-decroissant`);
        await journey.check(`Sélectionner la demande n° ${formatRequestNumber(second.number)}`);
        await journey.check(`Sélectionner la demande n° ${formatRequestNumber(third.number)}`);
        await journey.select("Attribuer les demandes cochées à", "Camille Vidal (moi)");
        await journey.submit("Attribuer la sélection");
        expect(await flash(journey)).toContain("Les demandes sélectionnées sont attribuées");
        expect(pathOf(page)).toContain("tri=depot-decroissant");
        await journey.select("Agent", "Assignées à moi");
        await journey.submit("Filtrer");
        expect(await numbers()).toEqual([third, second, request].map((one) => formatRequestNumber(one.number)));
      });
      const mail = await mailbox.waitFor({ to: applicant.email, subject: /Votre demande est refusée/ });
      expect(mail.text).toContain("Le projet ne relève pas du dispositif.");
    });
  }

  /**
   * Issue 13: the summary first, then the "Sommaire de la demande" used by keyboard: following a
   * link moves the reading position to its section (the next Tab reaches what the section holds).
   * No sideways scroll on a phone (375 px) or a desktop (1,280 px).
   */
  async function readsTheRequestPage(journey: Journey) {
    const { page } = journey;
    const summary = page.getByRole("region", { name: "Synthèse" });
    expect(await summary.textContent()).toContain("la décision (accepter, refuser ou classer sans suite la demande)");
    const toc = page.getByRole("navigation", { name: "Sommaire de la demande" });
    expect(await toc.getByRole("link").allTextContents()).toEqual(["Réponses du demandeur", "Pièces justificatives", "Sollicitations du demandeur", "Documents de la demande", "Messagerie", "Historique"]);
    for (const width of [375, 1280]) {
      // A frame drawn at the new width before measuring (e2e/support/layout.ts).
      await resizeTo(page, { width, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no sideways scroll at ${width} px`).toBe(true);
      await toc.getByRole("link", { name: "Messagerie" }).focus();
      await journey.press("Enter");
      await page.waitForURL(/#messages$/);
      const top = await page.evaluate(() => document.getElementById("messages")!.getBoundingClientRect().top);
      expect(top, `the section's heading is in view at ${width} px`).toBeGreaterThanOrEqual(0);
      expect(top).toBeLessThan(800);
      await journey.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Messagerie et notes internes");
      await toc.getByRole("link", { name: "Réponses du demandeur" }).focus();
      await journey.press("Enter");
      await page.waitForURL(/#reponses$/);
    }
  }

  const pathOf = (page: Journey["page"]) => new URL(page.url()).pathname + new URL(page.url()).search;

  /** The second journey reuses the procedures the first one loaded. */
  async function currentProcedures() {
    const rows = await e2e.server.deps.db.selectFrom("procedures").select(["id", "slug", "currentVersionId"]).execute();
    const aid = rows.find((row) => row.slug === "aide-associations");
    if (!aid?.currentVersionId) throw new Error("the aid procedure is not loaded");
    return { aid: { id: aid.id, slug: aid.slug, versionId: aid.currentVersionId } };
  }
});
