import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachAgent } from "../instruction/attach-agent.ts";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";
import { buildRequest, loadTestProcedures, type TestProcedure } from "../../../test/instruction.ts";
import { histogramPercentile, periodStarts } from "./statistics.ts";

const DAY = 86_400_000;

describe("the statistics' figures", () => {
  it("takes the nearest-rank median and 90th percentile of a histogram of days", () => {
    const histogram = [
      { days: 1, count: 5 },
      { days: 4, count: 4 },
      { days: 30, count: 1 },
    ];
    expect(histogramPercentile(histogram, 0.5)).toBe(1);
    expect(histogramPercentile(histogram, 0.9)).toBe(4);
    expect(histogramPercentile(histogram, 0.95)).toBe(30);
    expect(histogramPercentile([], 0.5)).toBeNull();
  });

  it("counts twelve months or twelve weeks back, weeks starting on Monday", () => {
    expect(periodStarts("month", "2026-03-02")).toEqual([
      "2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01",
      "2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01",
    ]);
    const weeks = periodStarts("week", "2026-03-08");
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1)).toBe("2026-03-02");
    expect(weeks[0]).toBe("2025-12-15");
  });
});

describe("Statistiques (pages)", () => {
  let t: TestApp;
  let aid: TestProcedure;
  let essai: TestProcedure;
  beforeAll(async () => {
    t = await createTestApp();
    ({ aid, essai } = await loadTestProcedures(t.deps));
    const now = t.clock.now().getTime();
    // Aid: 3 filed (one 40 days ago), 1 accepted in 4 days, 1 draft abandoned; essai: 1 filed.
    await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: new Date(now - 2 * DAY) });
    await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: new Date(now - 40 * DAY) });
    const decided = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: new Date(now - 10 * DAY) });
    await t.deps.db.updateTable("requests").set({ status: "accepted", decidedAt: new Date(now - 6 * DAY) }).where("id", "=", decided.id).execute();
    const draft = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", status: "draft", filedAt: new Date(now - 3 * DAY) });
    await t.deps.db.updateTable("requests").set({ status: "abandoned" }).where("id", "=", draft.id).execute();
    await buildRequest(t.deps.db, { procedure: essai, prefix: "ES", filedAt: new Date(now - 1 * DAY) });
  });
  afterAll(() => t.close());

  it("shows platform admins the platform's charts, each an SVG image with its title and a table of the same figures", async () => {
    const { browser } = await signedInAccount(t, { role: "platform_admin" });
    expect((await browser.get("/administration")).body).toContain('href="/administration/statistiques"');
    const page = await browser.get("/administration/statistiques");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Statistiques du portail</h1>");
    expect(page.body.match(/<svg [^>]*role="img"/g)).toHaveLength(5);
    expect(page.body.match(/<title id="graphique-[a-z]+-title">/g)).toHaveLength(5);
    expect(page.body.match(/<caption>/g)).toHaveLength(5);
    expect(page.body).not.toMatch(/ style=/);
    // The funnel: 5 started, 4 filed, 1 decided, 1 abandoned (20 %).
    expect(page.body).toContain("5 demandes commencées, 4 déposées, 1 décidée ; taux d&#39;abandon : 20\u00a0%");
    // Processing time: one decision in 4 days.
    expect(page.body).toContain("délai médian : 4 jours ; 90 % des décisions en 4 jours au plus");
    // Backlog: 3 to process, two of them 0–7 days old, one 31–90, nobody assigned.
    expect(page.body).toContain("3 demandes déposées ou en instruction : 0 à 7 jours : 2, 8 à 30 jours : 0, 31 à 90 jours : 1, plus de 90 jours : 0.");
    expect(page.body).toContain("Aide régionale aux projets des associations — Non attribuées");
  });

  it("narrows to one procedure and to weeks, and downloads each table as CSV with the page's figures", async () => {
    const { browser } = await signedInAccount(t, { role: "platform_admin" });
    const page = await browser.get("/administration/statistiques?demarche=essai&periode=semaine");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("1 demande commencée, 1 déposée, 0 décidée");
    expect(page.body).toContain('href="/administration/statistiques/csv/entonnoir?demarche=essai&amp;periode=semaine"');

    const csv = await browser.get("/administration/statistiques/csv/entonnoir?demarche=essai&periode=semaine");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="statistiques-entonnoir-essai-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(csv.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(["Étape", "Demandes", "Part des demandes commencées"]);
    expect(rows[1]).toEqual(["Commencées", "1", "100\u00a0%"]);

    const requests = parse((await browser.get("/administration/statistiques/csv/demandes?periode=mois")).body, { bom: true }) as string[][];
    expect(requests).toHaveLength(13);
    const totals = requests.slice(1).reduce((sum, row) => sum + Number(row[1]), 0);
    expect(totals).toBe(5);
  });

  it("refuses a filter out of the allowed set with a French message (400), never a 500", async () => {
    const { browser } = await signedInAccount(t, { role: "platform_admin" });
    const page = await browser.get("/administration/statistiques?periode=annee&demarche=inconnue");
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain("Choisissez une période : par mois ou par semaine.");
    expect(page.body).toContain("Choisissez une démarche de la liste, ou toutes les démarches.");
    expect(page.body).not.toContain("<svg");
    // Repeated parameters are not text: taken as not given.
    expect((await browser.get("/administration/statistiques?periode=mois&periode=semaine&demarche=a&demarche=b")).statusCode).toBe(200);
    const csv = await browser.get("/administration/statistiques/csv/delais?periode=jour");
    expect(csv.statusCode).toBe(400);
    expect(csv.body).toContain("Choisissez une période");
    expect((await browser.get("/administration/statistiques/csv/inconnu")).statusCode).toBe(404);
  });

  it("shows an agent their procedure's statistics, per group of case workers, and nothing of another procedure", async () => {
    const { account: agent, browser } = await signedInAccount(t, { role: "agent", firstName: "Lucie", lastName: "Bernard" });
    await attachAgent(t.deps, { agentId: agent.id, procedureSlug: "essai" }, { actorId: null });
    await t.deps.db.updateTable("requests").set({ status: "in_instruction", assignedAgentId: agent.id }).where("procedureId", "=", essai.id).execute();
    const page = await browser.get("/instruction/essai/statistiques");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Demandes à traiter, par groupe d&#39;instructeurs");
    expect(page.body).not.toContain('name="demarche"');
    const csv = parse((await browser.get("/instruction/essai/statistiques/csv/groupes")).body, { bom: true }) as string[][];
    expect(csv).toEqual([
      ["Groupe", "0 à 7 jours", "8 à 30 jours", "31 à 90 jours", "Plus de 90 jours", "Total"],
      ["Groupe « Instructeurs »", "1", "0", "0", "0", "1"],
    ]);
    expect((await browser.get("/instruction/aide-associations/statistiques")).statusCode).toBe(404);
    expect((await browser.get("/administration/statistiques")).statusCode).toBe(404);
  });

  it("counts per assigned agent when the procedure's case workers have no group (attached before groups, or detached since)", async () => {
    const { browser: admin } = await signedInAccount(t, { role: "platform_admin" });
    const { account: lucie, browser: lucieBrowser } = await signedInAccount(t, { role: "agent", firstName: "Lucie", lastName: "Aubry" });
    const { account: marc } = await signedInAccount(t, { role: "agent", firstName: "Marc", lastName: "Petit" });
    // Lucie's attachment predates groups (the column's default, ''); Marc was detached after his assignment.
    await t.deps.db.insertInto("procedureAgents").values({ procedureId: aid.id, accountId: lucie.id, createdAt: t.clock.now() }).execute();
    const now = t.clock.now().getTime();
    const assigned = async (agentId: string | null, daysAgo: number) => {
      const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: new Date(now - daysAgo * DAY) });
      if (agentId) await t.deps.db.updateTable("requests").set({ status: "in_instruction", assignedAgentId: agentId }).where("id", "=", request.id).execute();
    };
    await assigned(lucie.id, 1);
    await assigned(lucie.id, 45);
    await assigned(marc.id, 12);
    // The aid procedure already had 2 requests to process, nobody assigned (one 40 days old): 3 now.
    await assigned(null, 2);

    const page = await admin.get("/administration/statistiques?demarche=aide-associations");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Demandes à traiter, par agent");
    expect(page.body).not.toContain("par groupe d&#39;instructeurs");
    const csv = parse((await admin.get("/administration/statistiques/csv/groupes?demarche=aide-associations")).body, { bom: true }) as string[][];
    // By total first, then by name; the chart shows the same figures as the table.
    expect(csv).toEqual([
      ["Agent", "0 à 7 jours", "8 à 30 jours", "31 à 90 jours", "Plus de 90 jours", "Total"],
      ["Non attribuées", "2", "0", "1", "0", "3"],
      ["Lucie Aubry", "1", "0", "1", "0", "2"],
      ["Marc Petit", "0", "1", "0", "0", "1"],
    ]);
    const chart = page.body.slice(page.body.indexOf('id="graphique-groupes'), page.body.indexOf("</svg>", page.body.indexOf('id="graphique-groupes')));
    for (const name of ["Non attribuées", "Lucie Aubry", "Marc Petit"]) expect(chart).toContain(name);

    // The agent attached to the procedure reads the same figures on their own page.
    const own = parse((await lucieBrowser.get("/instruction/aide-associations/statistiques/csv/groupes")).body, { bom: true }) as string[][];
    expect(own).toEqual(csv);
  });

  it("is not for applicants", async () => {
    const { browser } = await signedInAccount(t);
    expect((await browser.get("/administration/statistiques")).statusCode).toBe(404);
    expect((await browser.get("/administration/statistiques/csv/entonnoir")).statusCode).toBe(404);
    expect((await browser.get("/instruction/essai/statistiques")).statusCode).toBe(404);
  });
});
