import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { AID_ANSWERS, buildRequest, loadTestProcedures, type TestProcedure } from "../../test/instruction.ts";
import { buildAccount } from "../../test/builders.ts";
import { expectPage, logIn } from "../accounts/pages.ts";
import { useE2e, type Journey } from "../support/journey.ts";

const e2e = useE2e();

/** Clicks « Exporter » and returns the file the browser downloaded. */
async function exported(journey: Journey, format: RegExp): Promise<{ name: string; content: Buffer }> {
  await journey.check(format);
  const [download] = await Promise.all([journey.page.waitForEvent("download"), journey.page.getByRole("button", { name: "Exporter" }).click()]);
  return { name: download.suggestedFilename(), content: await readFile((await download.path())!) };
}

describe("a case worker exports the requests of a procedure", () => {
  let aid: TestProcedure | undefined;
  for (const javaScript of [true, false]) {
    test(`filters the list, then downloads it as CSV and XLSX and both read back (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { deps } = e2e.server;
      aid ??= (await loadTestProcedures(deps)).aid;
      const agent = await buildAccount(deps.db, { role: "agent", lastName: "Roussel" });
      await deps.db.insertInto("procedureAgents").values({ procedureId: aid.id, accountId: agent.id, createdAt: new Date() }).execute();
      // A name of its own in each run, so that the search finds this run's request only.
      const lastName = javaScript ? "Garnier" : "Lemaire";
      const applicant = await buildAccount(deps.db, { lastName, firstName: "Inès" });
      const request = await buildRequest(deps.db, { procedure: aid, prefix: "AA", applicant, filedAt: new Date(), answers: AID_ANSWERS });

      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        await journey.goto(`/instruction/${aid!.slug}`);
        await journey.fill("Numéro de demande ou nom", lastName);
        await journey.submit("Filtrer");
        // The list's link carries its filters to the export page.
        await journey.click("Exporter les demandes (CSV, XLSX, ODS)", { role: "link" });
        await expectPage(journey, `/instruction/${aid!.slug}/export`, "Exporter les demandes");

        const csv = await exported(journey, /Texte CSV/);
        expect(csv.name).toMatch(/^aide-associations-\d{4}-\d\d-\d\d\.csv$/);
        const rows: string[][] = parse(csv.content, { delimiter: ";", bom: true });
        expect(rows[0]?.slice(0, 2)).toEqual(["Numéro", "Statut"]);
        expect(rows.slice(1).map((row) => row[0])).toEqual([request.number]);
        expect(rows[1]?.[rows[0]!.indexOf("Intitulé du projet")]).toBe(AID_ANSWERS["intitule-projet"]);

        const xlsx = await exported(journey, /Classeur Excel/);
        expect(xlsx.name).toMatch(/\.xlsx$/);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(xlsx.content as unknown as ArrayBuffer);
        const sheet = workbook.worksheets[0]!;
        expect(sheet.rowCount).toBe(2);
        const header = (sheet.getRow(1).values as unknown[]).slice(1);
        expect(sheet.getRow(2).getCell(1).value).toBe(request.number);
        expect(sheet.getRow(2).getCell(header.indexOf("Demandeur") + 1).value).toContain(`${lastName} Inès`);
        expect(sheet.getRow(2).getCell(header.indexOf("Déposée le") + 1).value).toBeInstanceOf(Date);
      });
    });
  }

  for (const javaScript of [true, false]) {
    test(`filters « Assignées à moi », follows the list's export link, and the file holds only the agent's requests (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { deps } = e2e.server;
      aid ??= (await loadTestProcedures(deps)).aid;
      const agent = await buildAccount(deps.db, { role: "agent", lastName: "Fabre" });
      const colleague = await buildAccount(deps.db, { role: "agent", lastName: "Perrin" });
      for (const account of [agent, colleague]) await deps.db.insertInto("procedureAgents").values({ procedureId: aid.id, accountId: account.id, createdAt: new Date() }).execute();
      const assigned = async (assignee: string | null, minutesAgo: number) => {
        const request = await buildRequest(deps.db, { procedure: aid!, prefix: "AA", filedAt: new Date(Date.now() - minutesAgo * 60_000), status: "in_instruction", answers: AID_ANSWERS });
        await deps.db.updateTable("requests").set({ assignedAgentId: assignee }).where("id", "=", request.id).execute();
        return request.number;
      };
      const mine = [await assigned(agent.id, 30), await assigned(agent.id, 20)];
      await assigned(colleague.id, 25);
      await assigned(null, 15);

      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        await journey.goto(`/instruction/${aid!.slug}`);
        await journey.select("Agent", "Assignées à moi");
        await journey.select("Trier par", "Date de dépôt, la plus récente d'abord");
        await journey.submit("Filtrer");
        await journey.click("Exporter les demandes (CSV, XLSX, ODS)", { role: "link" });
        await expectPage(journey, `/instruction/${aid!.slug}/export`, "Exporter les demandes");
        // The export page names the filters it applies.
        expect(await journey.page.locator("main").innerText()).toMatch(/Agent\s+Assignées à moi/);
        const csv = await exported(journey, /Texte CSV/);
        const rows: string[][] = parse(csv.content, { delimiter: ";", bom: true });
        // Only the agent's own requests, newest filed first, as the list showed them.
        expect(rows.slice(1).map((row) => row[0])).toEqual([...mine].reverse());
        await journey.click("Modifier les filtres dans la liste des demandes", { role: "link" });
        await journey.click("Statistiques de la démarche", { role: "link" });
        await expectPage(journey, `/instruction/${aid!.slug}/statistiques`, /Statistiques/);
      });
    });
  }
});
