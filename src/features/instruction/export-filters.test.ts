import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent, type TestProcedure } from "../../../test/instruction.ts";
import { attachAgent } from "./attach-agent.ts";

/**
 * The export selects and orders exactly what the agents' list shows (issue 15): each filter of
 * the list's address (agent, exchanges, order, status, search) restricts or orders the file, the
 * list's link carries them all, the export's page names them, and a value the list refuses is
 * refused here with the list's own French message.
 */
describe("exports with every filter of the agents' list", () => {
  let t: TestApp;
  let aid: TestProcedure;
  let agent: BuiltAccount;
  let colleague: BuiltAccount;
  let browser: TestBrowser;
  let dataDir: string;
  const exportPath = "/instruction/aide-associations/export";
  const day = (n: number) => new Date(Date.UTC(2026, 1, n, 9, 0, 0));
  type Built = Awaited<ReturnType<typeof buildRequest>>;
  let mine: Built[];
  let theirs: Built;
  let nobodys: Built;
  let waiting: Built;
  let answered: Built;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "guichet-export-filters-"));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ aid } = await loadTestProcedures(t.deps));
    ({ agent, browser } = await signedInAidAgent(t));
    colleague = await buildAccount(t.deps.db, { role: "agent", firstName: "Marc", lastName: "Durand" });
    await attachAgent(t.deps, { agentId: colleague.id, procedureSlug: "aide-associations" }, { actorId: null });
    const build = async (filedOn: number, assignee: string | null) => {
      const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: day(filedOn), status: "in_instruction", answers: AID_ANSWERS });
      await t.deps.db.updateTable("requests").set({ assignedAgentId: assignee }).where("id", "=", request.id).execute();
      return request;
    };
    mine = [await build(3, agent.id), await build(1, agent.id), await build(5, agent.id)];
    theirs = await build(2, colleague.id);
    nobodys = await build(4, null);
    waiting = mine[0] as Built;
    answered = theirs;
    const ask = (requestId: string, status: "open" | "answered") =>
      t.deps.db
        .insertInto("requestAsks")
        .values({ requestId, kind: "modification", message: "Précisez le budget.", status, askedBy: agent.id, askedAt: day(6), answeredAt: status === "answered" ? day(7) : null })
        .execute();
    await ask(waiting.id, "open");
    await ask(answered.id, "answered");
  });
  afterAll(async () => {
    delete process.env.EXPORT_DIRECT_MAX_ROWS;
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The numbers of a CSV export made from the list's parameters, through the export's page and form. */
  async function exported(list: Record<string, string>, who = browser): Promise<string[]> {
    const page = await who.get(`${exportPath}?${new URLSearchParams(list).toString()}`);
    expect(page.statusCode).toBe(200);
    const response = await who.post(exportPath, { statut: "toutes", agent: "", echange: "", tri: "", recherche: "", ...list, format: "csv" });
    expect(response.statusCode).toBe(200);
    return (parse(response.rawPayload, { delimiter: ";", bom: true }) as string[][]).slice(1).map((row) => row[0] ?? "");
  }
  const numbers = (requests: Built[]) => requests.map((request) => request.number);

  it("exports only the agent's own requests with « Assignées à moi », oldest filed first", async () => {
    expect(await exported({ agent: "moi" })).toEqual(numbers([mine[1] as Built, mine[0] as Built, mine[2] as Built]));
  });

  it("exports a named agent's requests, and the unassigned ones with « Non assignées »", async () => {
    expect(await exported({ agent: colleague.id })).toEqual([theirs.number]);
    expect(await exported({ agent: "aucun" })).toEqual([nobodys.number]);
  });

  it("exports « En attente du demandeur » and « Réponse reçue » as the list selects them", async () => {
    expect(await exported({ echange: "en-attente" })).toEqual([waiting.number]);
    expect(await exported({ echange: "reponse-recue" })).toEqual([answered.number]);
    // Once the agent has opened the answered request, it is no longer news to them (nor in their export).
    await t.deps.db.insertInto("requestAgentViews").values({ requestId: answered.id, agentId: agent.id, seenAt: day(8) }).execute();
    expect(await exported({ echange: "reponse-recue" })).toEqual([]);
    await t.deps.db.deleteFrom("requestAgentViews").where("requestId", "=", answered.id).execute();
  });

  it("orders the file as the list is sorted, and combines the filters", async () => {
    const all = [mine[1], theirs, mine[0], nobodys, mine[2]] as Built[];
    expect(await exported({})).toEqual(numbers(all));
    expect(await exported({ tri: "depot-decroissant" })).toEqual(numbers([...all].reverse()));
    expect(await exported({ agent: "moi", tri: "depot-decroissant", echange: "en-attente" })).toEqual([waiting.number]);
  });

  it("carries every parameter of the list into the export's link, and names each filter on the export's page", async () => {
    const list = await browser.get(`/instruction/aide-associations?statut=a-traiter&agent=moi&echange=en-attente&tri=activite-decroissant&recherche=Dupont`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/instruction/aide-associations/export?statut=a-traiter&amp;agent=moi&amp;echange=en-attente&amp;tri=activite-decroissant&amp;recherche=Dupont"');
    const page = await browser.get("/instruction/aide-associations/export?statut=a-traiter&agent=moi&echange=en-attente&tri=activite-decroissant&recherche=Dupont");
    expect(page.statusCode).toBe(200);
    for (const text of ["À traiter (déposées et en instruction)", "Assignées à moi", "En attente du demandeur", "Dernière activité, la plus récente d&#39;abord", "Dupont"]) expect(page.body).toContain(text);
    for (const [name, value] of [["statut", "a-traiter"], ["agent", "moi"], ["echange", "en-attente"], ["tri", "activite-decroissant"], ["recherche", "Dupont"]]) {
      expect(page.body).toContain(`name="${name}" value="${value}"`);
    }
    const named = await browser.get(`${exportPath}?agent=${colleague.id}`);
    expect(named.body).toContain("Assignées à Marc Durand");
  });

  it("links the agent's list to their procedure's statistics, which the agent may open", async () => {
    const list = await browser.get("/instruction/aide-associations");
    expect(list.body).toContain('href="/instruction/aide-associations/statistiques"');
    expect((await browser.get("/instruction/aide-associations/statistiques")).statusCode).toBe(200);
  });

  it("refuses an agent who is not the procedure's with the list's French message (422, nothing exported), and reads other out-of-set values as the list does", async () => {
    const outsider = await buildAccount(t.deps.db, { role: "agent" });
    const refusedList = await browser.get(`/instruction/aide-associations?agent=${outsider.id}`);
    expect(refusedList.statusCode).toBe(422);
    const page = await browser.get(`${exportPath}?agent=${outsider.id}`);
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain("Choisissez un agent instructeur de cette démarche dans la liste.");
    expect(page.body).toContain('href="#champ-agent"');
    expect(page.body).toContain('id="champ-agent"');
    expect(page.body).not.toContain('name="format"');
    const before = await t.deps.db.selectFrom("requestExports").select((eb) => eb.fn.countAll<string>().as("count")).executeTakeFirstOrThrow();
    for (const agentValue of [outsider.id, "pas-un-id", "x".repeat(5000)]) {
      const forged = await browser.post(exportPath, { format: "csv", statut: "toutes", agent: agentValue, echange: "", tri: "", recherche: "" });
      expect(forged.statusCode).toBe(422);
      expect(forged.body).toContain("Choisissez un agent instructeur de cette démarche dans la liste.");
    }
    const after = await t.deps.db.selectFrom("requestExports").select((eb) => eb.fn.countAll<string>().as("count")).executeTakeFirstOrThrow();
    expect(after.count).toBe(before.count);
    // A status, exchange or order out of the set: the list's default, as the list shows it.
    const fallback = await browser.get(`${exportPath}?statut=nimporte&echange=jamais&tri=au-hasard`);
    expect(fallback.statusCode).toBe(200);
    expect(fallback.body).toContain("Toutes, sauf les abandonnées");
    expect(await exported({ statut: "nimporte", echange: "jamais", tri: "au-hasard", agent: "moi" })).toEqual(numbers([mine[1] as Built, mine[0] as Built, mine[2] as Built]));
    // A malformed number: the list's message too.
    const badNumber = await browser.get(`${exportPath}?recherche=${encodeURIComponent("AAK 7MR XBP THN C4W DS0")}`);
    expect(badNumber.statusCode).toBe(422);
    expect(badNumber.body).toContain('id="champ-recherche"');
  });

  it("writes a large export by a job with the same filters, showing them, and its progress out of the whole count", async () => {
    process.env.EXPORT_DIRECT_MAX_ROWS = "1";
    try {
      await browser.get(`${exportPath}?agent=moi&tri=depot-decroissant`);
      const response = await browser.post(exportPath, { format: "csv", statut: "toutes", agent: "moi", echange: "", tri: "depot-decroissant", recherche: "" });
      expect(response.statusCode).toBe(303);
      const statusUrl = response.headers.location as string;
      const queued = await browser.get(statusUrl);
      expect(queued.body).toContain("Assignées à moi");
      expect(queued.body).toContain("Date de dépôt, la plus récente d&#39;abord");
      const exportId = statusUrl.split("/").at(-1) ?? "";
      expect(await t.deps.db.selectFrom("requestExports").select(["agentFilter", "sortOrder"]).where("id", "=", exportId).executeTakeFirstOrThrow()).toEqual({ agentFilter: "moi", sortOrder: "depot-decroissant" });
      // As the job would show it midway: the rows written out of every row of the export.
      await t.deps.db.updateTable("requestExports").set({ status: "running", rowsExpected: 3, rowsWritten: 2 }).where("id", "=", exportId).execute();
      const running = await browser.get(statusUrl);
      expect(running.body).toContain("2 demandes écrites sur 3.");
      expect(running.body).toMatch(/<progress max="3" value="2"/);
      await t.deps.db.updateTable("requestExports").set({ status: "queued" }).where("id", "=", exportId).execute();
      expect(await runWaitingJobs(t, "request-export")).toBe(1);
      const ready = await t.deps.db.selectFrom("requestExports").select(["status", "rowsExpected", "rowsWritten"]).where("id", "=", exportId).executeTakeFirstOrThrow();
      expect(ready).toEqual({ status: "ready", rowsExpected: 3, rowsWritten: 3 });
      const file = await browser.get(`${statusUrl}/fichier`);
      const rows = (parse(file.rawPayload, { delimiter: ";", bom: true }) as string[][]).slice(1).map((row) => row[0]);
      expect(rows).toEqual(numbers([mine[2] as Built, mine[0] as Built, mine[1] as Built]));
    } finally {
      delete process.env.EXPORT_DIRECT_MAX_ROWS;
    }
  });

  it("exports nothing of another agent's « moi »: each agent's « Assignées à moi » is their own", async () => {
    const other = new TestBrowser(t.app);
    await logInAs(other, colleague);
    expect(await exported({ agent: "moi" }, other)).toEqual([theirs.number]);
  });
});
