import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { unzipSync, strFromU8 } from "fflate";
import { parseDocument } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent, type TestProcedure } from "../../../test/instruction.ts";
import { mailsTo } from "../../../test/mails.ts";
import { insertGrant, insertPayment } from "../../core/requests/queries/payments.ts";
import { attachAgent } from "./attach-agent.ts";
import { formatEuros } from "../../platform/french/amount.ts";
import { neutraliseFormula, parisWallClock, wallClockFrench, wallClockIso } from "./export-writers.ts";

/** The text of each cell of content.xml's first table, row by row (what LibreOffice shows). */
function odsRows(buffer: Buffer): { text: string; type: string | undefined; value: string | undefined }[][] {
  const files = unzipSync(new Uint8Array(buffer));
  expect(strFromU8(files.mimetype ?? new Uint8Array())).toBe("application/vnd.oasis.opendocument.spreadsheet");
  const document = parseDocument(strFromU8(files["content.xml"] ?? new Uint8Array()), { xmlMode: true });
  type Node = { name?: string; attribs?: Record<string, string>; children?: Node[]; data?: string; type: string };
  const find = (node: Node, name: string): Node[] => [...(node.name === name ? [node] : []), ...(node.children ?? []).flatMap((child) => find(child, name))];
  const text = (node: Node): string => (node.type === "text" ? (node.data ?? "") : (node.children ?? []).map(text).join(""));
  return find(document as unknown as Node, "table:table-row").map((row) =>
    (row.children ?? [])
      .filter((cell) => cell.name === "table:table-cell")
      // A run of empty cells is one element repeated (as a reader expands it).
      .flatMap((cell) =>
        Array.from({ length: Number(cell.attribs?.["table:number-columns-repeated"] ?? 1) }, () => ({
          text: find(cell, "text:p").map(text).join("\n"),
          type: cell.attribs?.["office:value-type"],
          value: cell.attribs?.["office:value"] ?? cell.attribs?.["office:date-value"],
        })),
      ),
  );
}

describe("exports of a procedure's requests", () => {
  let t: TestApp;
  let aid: TestProcedure;
  let agent: BuiltAccount;
  let browser: TestBrowser;
  let dataDir: string;
  const day = (n: number) => new Date(Date.UTC(2026, 1, n, 9, 0, 0));
  const exportPath = "/instruction/aide-associations/export";
  let filed: Awaited<ReturnType<typeof buildRequest>>;
  let accepted: Awaited<ReturnType<typeof buildRequest>>;
  let zephyrin: Awaited<ReturnType<typeof buildRequest>>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "guichet-exports-"));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ aid } = await loadTestProcedures(t.deps));
    ({ agent, browser } = await signedInAidAgent(t));
    filed = await buildRequest(t.deps.db, {
      procedure: aid,
      prefix: "AA",
      filedAt: day(2),
      answers: { ...AID_ANSWERS, "intitule-projet": "=HYPERLINK(\"http://exemple.invalid\")", "date-debut": "2026-05-01", "autres-financements": [{ financeur: "Ville de Lyon", montant: 100_000, statut: "acquis" }, { financeur: "Département", montant: 50_050, statut: "sollicite" }] },
    });
    accepted = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: day(3), status: "accepted", answers: AID_ANSWERS });
    await insertGrant(t.deps.db, { requestId: accepted.id, amountCents: 400_000, recordedBy: agent.id, now: day(4) });
    await insertPayment(t.deps.db, { requestId: accepted.id, position: 1, label: "Avance", amountCents: 150_000, plannedOn: "2026-04-01", conditions: "", documentsRequired: false, now: day(4) });
    const person = await buildAccount(t.deps.db, { lastName: "Zéphyrin", firstName: "Aurore" });
    zephyrin = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: day(5), applicant: person, answers: AID_ANSWERS });
  });
  afterAll(async () => {
    delete process.env.EXPORT_DIRECT_MAX_ROWS;
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function download(fields: Record<string, string>, who = browser) {
    await who.get(`${exportPath}?${new URLSearchParams({ statut: fields.statut ?? "", recherche: fields.recherche ?? "" }).toString()}`);
    return who.post(exportPath, { statut: "toutes", recherche: "", ...fields });
  }

  it("neutralises a text starting with = + - @ as a formula, by an apostrophe", () => {
    expect(["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "Lyon", "1-2"].map(neutraliseFormula)).toEqual(["'=1+1", "'+33 6", "'-2", "'@SUM(A1)", "'\tx", "Lyon", "1-2"]);
  });

  it("reads every instant as a clock in Paris does, summer and winter time included (every hour of 2024 to 2028, against Intl)", () => {
    const paris = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Paris",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    const wrong: string[] = [];
    for (let hour = Date.UTC(2024, 0, 1); hour < Date.UTC(2029, 0, 1); hour += 3_600_000) {
      // A different minute, second and millisecond in each hour.
      const time = hour + ((hour / 3_600_000) * 7_919_123) % 3_600_000;
      const parts = Object.fromEntries(paris.formatToParts(new Date(time)).map((part) => [part.type, part.value]));
      const expected = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
      const french = `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
      const found = [parisWallClock(new Date(time)).toISOString().slice(0, 19), wallClockIso(new Date(time), "datetime"), wallClockFrench(new Date(time), "datetime")];
      if (found.join() !== [expected, expected, french].join()) wrong.push(`${new Date(time).toISOString()}: ${found.join(" ; ")} instead of ${expected} ; ${french}`);
    }
    expect(wrong).toEqual([]);
    // A date column holds midnight UTC of its day, never shifted.
    expect([wallClockIso(new Date("2026-03-29T00:00:00Z"), "date"), wallClockFrench(new Date("1969-07-21T00:00:00Z"), "date")]).toEqual(["2026-03-29", "21/07/1969"]);
  });

  it("downloads a CSV for French spreadsheets: UTF-8 with BOM, `;`, French labels, decimal commas, formulas neutralised", async () => {
    const response = await download({ format: "csv" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="aide-associations-2026-03-02\.csv"/);
    expect(response.headers["cache-control"]).toBe("private, no-store");
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(response.rawPayload, { delimiter: ";", bom: true });
    const header = rows[0] ?? [];
    expect(header.slice(0, 5)).toEqual(["Numéro", "Statut", "Déposée le", "Décidée le", "Dernière activité"]);
    expect(header).toContain("Intitulé du projet");
    expect(header).toContain("Autres financements — Financeur");
    expect(header.indexOf("Intitulé du projet")).toBeLessThan(header.indexOf("Coût total du projet"));
    const byNumber = new Map(rows.slice(1).map((row) => [row[0], Object.fromEntries(header.map((name, index) => [name, row[index] ?? ""]))]));
    expect([...byNumber.keys()]).toEqual([filed.number, accepted.number, zephyrin.number]);
    const first = byNumber.get(filed.number) ?? {};
    expect(first).toMatchObject({
      Statut: "Déposée",
      "Déposée le": "02/02/2026 10:00",
      "Intitulé du projet": "'=HYPERLINK(\"http://exemple.invalid\")",
      "Coût total du projet": "12500,5",
      "Date de début du projet": "01/05/2026",
      "Autres financements — Financeur": "Ville de Lyon\nDépartement",
      "Autres financements — Montant": `${formatEuros(100_000)}\n${formatEuros(50_050)}`,
    });
    expect(byNumber.get(accepted.number)).toMatchObject({ Statut: "Acceptée", "Montant accordé (€)": "4000", "Montant versé (€)": "0", Versements: `Avance : ${formatEuros(150_000)} (prévu, prévu le 01/04/2026)` });
  });

  it("downloads an XLSX that exceljs reads back, with dates and amounts typed as such", async () => {
    const response = await download({ format: "xlsx", statut: "acceptees" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    // The procedure's title, cut to the 31 characters a sheet's name may hold.
    expect(sheet?.name).toMatch(/^Aide régionale aux projets des $/);
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe("Numéro");
    expect(sheet?.rowCount).toBe(2);
    const row = sheet?.getRow(2);
    const cell = (name: string) => row?.getCell(header.indexOf(name) + 1).value;
    expect(cell("Numéro")).toBe(accepted.number);
    expect(cell("Statut")).toBe("Acceptée");
    // 3 February 2026 at 09:00 UTC is 10:00 in Paris: the cell holds the time the agent reads.
    expect(cell("Déposée le")).toEqual(new Date(Date.UTC(2026, 1, 3, 10, 0, 0)));
    expect(cell("Coût total du projet")).toBe(12500.5);
    expect(cell("Montant accordé (€)")).toBe(4000);
    expect(row?.getCell(header.indexOf("Coût total du projet") + 1).numFmt).toBe("#,##0.00");
  });

  it("downloads an ODS whose content.xml holds typed cells, searched by name", async () => {
    const response = await download({ format: "ods", recherche: "zéphyrin" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/vnd.oasis.opendocument.spreadsheet");
    const rows = odsRows(response.rawPayload);
    expect(rows).toHaveLength(2);
    const header = (rows[0] ?? []).map((cell) => cell.text);
    const row = rows[1] ?? [];
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell("Numéro")?.text).toBe(zephyrin.number);
    expect(cell("Demandeur")?.text).toContain("Zéphyrin Aurore");
    expect(cell("Déposée le")).toMatchObject({ type: "date", value: "2026-02-05T10:00:00", text: "05/02/2026 10:00" });
    expect(cell("Coût total du projet")).toMatchObject({ type: "float", value: "12500.5" });
  });

  it("finds one request by its number, whatever the status filter", async () => {
    const response = await download({ format: "csv", statut: "refusees", recherche: accepted.number.toLowerCase() });
    const rows: string[][] = parse(response.rawPayload, { delimiter: ";", bom: true });
    expect(rows.slice(1).map((row) => row[0])).toEqual([accepted.number]);
  });

  it("re-renders the form with 422 and the error summary for a missing format or a malformed number", async () => {
    await browser.get(exportPath);
    const noFormat = await browser.post(exportPath, { statut: "toutes", recherche: "" });
    expect(noFormat.statusCode).toBe(422);
    expect(noFormat.body).toContain('href="#champ-format"');
    expect(noFormat.body).toContain("Choisissez le format du fichier");
    const badNumber = await browser.post(exportPath, { format: "csv", statut: "toutes", recherche: "AAK 7MR XBP THN C4W DS0" });
    expect(badNumber.statusCode).toBe(422);
    // The list's message, linked to its explanation; no export offered until the list's search is corrected there.
    expect(badNumber.body).toContain('href="#champ-recherche"');
    expect(badNumber.body).toContain('id="champ-recherche"');
    expect(badNumber.body).toContain("recherche=AAK+7MR+XBP+THN+C4W+DS0");
    expect(badNumber.body).not.toContain('name="format"');
  });

  it("answers 404 for another procedure's export and to people who are not its agents", async () => {
    await browser.get(exportPath);
    expect((await browser.get("/instruction/essai/export")).statusCode).toBe(404);
    expect((await browser.post("/instruction/essai/export", { format: "csv", statut: "toutes", recherche: "" })).statusCode).toBe(404);
    const applicant = new TestBrowser(t.app);
    await logInAs(applicant, await buildAccount(t.deps.db));
    expect((await applicant.get(exportPath)).statusCode).toBe(404);
  });

  it("exports only the requests changed since the author's previous export, and audits each export", async () => {
    const author = await buildAccount(t.deps.db, { role: "agent" });
    await attachAgent(t.deps, { agentId: author.id, procedureSlug: "aide-associations" }, { actorId: null });
    const own = new TestBrowser(t.app);
    await logInAs(own, author);
    const first = await download({ format: "csv", depuis: "oui" }, own);
    expect((parse(first.rawPayload, { delimiter: ";", bom: true }) as string[][]).length).toBeGreaterThan(3);
    // (Less than the 30 minutes of an idle session.)
    t.clock.advance(60 * 1000);
    const later = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: t.clock.now(), answers: AID_ANSWERS });
    const page = await own.get(exportPath);
    expect(page.body).toContain("depuis mon dernier export (<time");
    const second = await own.post(exportPath, { format: "csv", statut: "toutes", recherche: "", depuis: "oui" });
    expect((parse(second.rawPayload, { delimiter: ";", bom: true }) as string[][]).slice(1).map((row) => row[0])).toEqual([later.number]);
    const events = await t.deps.db.selectFrom("auditEvents").select(["details"]).where("event", "=", "request.exported").where("actorId", "=", author.id).orderBy("id").execute();
    expect(events.map((event) => (event.details as { format: string; since: string | null }).since === null)).toEqual([true, false]);
  });

  it("writes a large export by a job: progress page, link mailed, file for its author only, purged after 7 days", async () => {
    process.env.EXPORT_DIRECT_MAX_ROWS = "2";
    try {
      await browser.get(exportPath);
      const response = await browser.post(exportPath, { format: "xlsx", statut: "toutes", recherche: "" });
      expect(response.statusCode).toBe(303);
      const statusUrl = response.headers.location as string;
      expect(statusUrl).toMatch(/^\/instruction\/aide-associations\/exports\/[0-9a-f-]{36}$/);
      const waiting = await browser.get(statusUrl);
      expect(waiting.body).toContain("Export en préparation");
      expect(waiting.body).toContain(`href="${statusUrl}"`);
      expect(waiting.body).toContain("Actualiser");
      expect((await browser.get(`${statusUrl}/fichier`)).statusCode).toBe(404);

      expect(await runWaitingJobs(t, "request-export")).toBe(1);
      const ready = await browser.get(statusUrl);
      expect(ready.body).toContain("Votre export est prêt");
      const [mail] = await mailsTo(t.deps.db, agent.email);
      expect(mail?.subject).toMatch(/^Votre export de demandes est prêt/);
      expect(mail?.textBody).toContain(`${t.deps.config.publicUrl}${statusUrl}`);

      const file = await browser.get(`${statusUrl}/fichier`);
      expect(file.statusCode).toBe(200);
      expect(file.headers["content-disposition"]).toMatch(/\.xlsx"/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets[0]?.rowCount).toBeGreaterThan(3);

      // Another agent of the same procedure, and an unknown id: 404.
      const colleague = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: colleague.id, procedureSlug: "aide-associations" }, { actorId: null });
      const other = new TestBrowser(t.app);
      await logInAs(other, colleague);
      expect((await other.get(statusUrl)).statusCode).toBe(404);
      expect((await other.get(`${statusUrl}/fichier`)).statusCode).toBe(404);
      expect((await browser.get("/instruction/aide-associations/exports/00000000-0000-0000-0000-000000000000")).statusCode).toBe(404);
      expect((await browser.get("/instruction/aide-associations/exports/pas-un-id")).statusCode).toBe(404);

      const exportsDir = path.join(dataDir, "exports");
      expect(await readdir(exportsDir)).toHaveLength(1);
      t.clock.advance(6 * 24 * 60 * 60 * 1000);
      await logInAs(browser, agent);
      await t.deps.jobs.enqueue("request-export-purge", {});
      await runWaitingJobs(t, "request-export-purge");
      expect((await browser.get(`${statusUrl}/fichier`)).statusCode).toBe(200);
      t.clock.advance(24 * 60 * 60 * 1000 + 1000);
      await logInAs(browser, agent);
      expect((await browser.get(`${statusUrl}/fichier`)).statusCode).toBe(404);
      await t.deps.jobs.enqueue("request-export-purge", {});
      expect(await runWaitingJobs(t, "request-export-purge")).toBe(1);
      expect(await readdir(exportsDir)).toEqual([]);
      expect(existsSync(exportsDir)).toBe(true);
      expect((await browser.get(statusUrl)).body).toContain("export n&#39;est plus disponible");
    } finally {
      delete process.env.EXPORT_DIRECT_MAX_ROWS;
    }
  });
});
