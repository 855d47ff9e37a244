import { describe, expect, test } from "vitest";
import { buildRequest, loadTestProcedures, AID_ANSWERS } from "../../test/instruction.ts";
import { formatRequestNumber } from "../../src/platform/request-numbers/request-numbers.ts";
import { buildAccount } from "../../test/builders.ts";
import { errorSummary, expectPage, flash, logIn } from "../accounts/pages.ts";
import { useE2e, type Journey } from "../support/journey.ts";

const e2e = useE2e();

describe("a case worker processes a request", () => {
  for (const javaScript of [true, false]) {
    test(`finds it by its number, takes it in charge and refuses it with a reason (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { deps, mailbox } = e2e.server;
      const procedures = javaScript ? await loadTestProcedures(deps) : await currentProcedures();
      const agent = await buildAccount(deps.db, { role: "agent", lastName: "Vidal" });
      await deps.db.insertInto("procedureAgents").values({ procedureId: procedures.aid.id, accountId: agent.id, createdAt: new Date() }).execute();
      const applicant = await buildAccount(deps.db, { email: `demandeur.${javaScript ? "a" : "b"}@exemple.fr` });
      const request = await buildRequest(deps.db, { procedure: procedures.aid, prefix: "AA", applicant, filedAt: new Date(), answers: AID_ANSWERS });

      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
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
      await page.setViewportSize({ width, height: 800 });
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

  /** The second journey reuses the procedures the first one loaded. */
  async function currentProcedures() {
    const rows = await e2e.server.deps.db.selectFrom("procedures").select(["id", "slug", "currentVersionId"]).execute();
    const aid = rows.find((row) => row.slug === "aide-associations");
    if (!aid?.currentVersionId) throw new Error("the aid procedure is not loaded");
    return { aid: { id: aid.id, slug: aid.slug, versionId: aid.currentVersionId } };
  }
});
