import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent, type TestProcedure } from "../../../test/instruction.ts";
import type { TestBrowser } from "../../../test/app.ts";

/**
 * The agents' search by name reads words kept beside each request (migration 0027). A person who
 * changes their names on « Mes informations » is found by the agents under the new ones at once.
 */
describe("instruction: searching a person who changed their names", () => {
  let t: TestApp;
  let aid: TestProcedure;
  let agentBrowser: TestBrowser;
  beforeAll(async () => {
    t = await createTestApp();
    ({ aid } = await loadTestProcedures(t.deps));
    ({ browser: agentBrowser } = await signedInAidAgent(t));
  });
  afterAll(() => t.close());

  const searchFor = (text: string) => agentBrowser.get(`/instruction/aide-associations?recherche=${encodeURIComponent(text)}`);

  it("finds the applicant under the names they gave on « Mes informations », and no longer under the old ones", async () => {
    const { account, browser } = await signedInAccount(t, { civility: "Mme", lastName: "Giroflée", firstName: "Inès" });
    const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", applicant: account, filedAt: new Date("2026-02-02T09:00:00Z"), answers: AID_ANSWERS });
    const before = await searchFor("girof");
    expect(before.body).toContain("(1 demande)");
    expect(before.body).toContain(`href="/instruction/aide-associations/${request.id}"`);

    const saved = await browser.submit("/mon-compte/mes-informations", { civility: "Mme", lastName: "Capucine-Roux", firstName: "Inès" });
    expect(saved.statusCode).toBe(303);

    expect((await searchFor("girof")).body).toContain("Aucune demande ne correspond");
    for (const text of ["capucine", "ucine-ro", "Inès Capucine", "CAPUCINE-ROUX INÈS"]) {
      const after = await searchFor(text);
      expect(after.body, text).toContain("(1 demande)");
      expect(after.body, text).toContain(`href="/instruction/aide-associations/${request.id}"`);
    }
  });
});
