import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../test/app.ts";
import { seedDemoData } from "./seed-demo-data.ts";

/** A page's text as a person reads it (apostrophes unescaped, no-break spaces as spaces). */
const text = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&quot;", '"').replace(/[\u00a0\u202f]/g, " ");

describe("the demo's granted aid", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.deps);
  });
  afterAll(() => t.close());

  it("gives demo.structure's organisation an accepted aid request, its advance paid and its balance planned", async () => {
    const structure = new TestBrowser(t.app);
    await structure.submit("/connexion", { login: "demo.structure", password: "Structure-Demo-2026!" });
    const list = text((await structure.get("/demandes")).body);
    expect(list).toContain("Aide régionale aux projets des associations");
    expect(list).toContain("Versements : 2 000,00 € versés sur 5 000,00 € — prochain versement : Solde (3 000,00 €), prévu le");
    const [request] = await t.deps.db.selectFrom("requests").innerJoin("procedures", "procedures.id", "requests.procedureId").select(["requests.id", "requests.status"]).where("procedures.slug", "=", "aide-associations").execute();
    expect(request?.status).toBe("accepted");
    const page = text((await structure.get(`/demandes/${request!.id}`)).body);
    expect(page).toContain("Avance");
    expect(page).toContain("Payé</span> le");
    expect(page).toContain("Demander ce versement");

    const agent = new TestBrowser(t.app);
    await agent.submit("/connexion", { login: "demo.instructeur", password: "Instructeur-Demo-2026!" });
    const agentPage = text((await agent.get(`/instruction/aide-associations/${request!.id}`)).body);
    expect(agentPage).toContain("FR76 3000 6000 0112 3456 7890 189");
    expect(agentPage).toContain("rib.pdf");
  });

  it("is seeded once: a second start adds no request and no payment", async () => {
    const count = async () => (await t.deps.db.selectFrom("requestPayments").select("id").execute()).length;
    const before = await count();
    await seedDemoData(t.deps);
    expect(await count()).toBe(before);
    expect(before).toBe(2);
  });
});
