import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../test/app.ts";
import { checkPassword } from "../core/accounts/password-policy.ts";
import * as accounts from "../core/accounts/queries/accounts.ts";
import { checkSiret, formatSiret } from "../platform/french/siret.ts";
import { findOrganisationToAttach } from "../core/organisations/find-organisation-to-attach.ts";
import { demoAccountList, demoAccounts, demoPartner, demoSeeded, seedDemoData } from "./seed-demo-data.ts";
import { landingPath } from "../features/login/landing.ts";
import { demoRegister } from "./seed-demo-organisations.ts";

describe("demo data", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("uses known passwords that satisfy the policy", () => {
    for (const demo of [...demoAccounts, demoPartner]) expect(checkPassword(demo.password, { identifier: demo.identifier }), demo.identifier).toBeNull();
  });

  it("creates an active applicant and an active platform admin, and lists them with their role in French", async () => {
    expect(await demoSeeded(t.deps.db)).toBe(false);
    const listed = await seedDemoData(t.deps);
    expect(await demoSeeded(t.deps.db)).toBe(true);
    expect(demoAccountList()).toEqual(listed);
    expect(listed).toEqual([
      { identifier: "demo.usager", password: "Usager-Demo-2026!", role: "Usager" },
      { identifier: "demo.structure", password: "Structure-Demo-2026!", role: "Administrateur d'une structure" },
      { identifier: "demo.instructeur", password: "Instructeur-Demo-2026!", role: "Instructeur" },
      { identifier: "demo.admin", password: "Admin-Demo-2026!", role: "Administrateur du portail" },
      { identifier: "demo.support", password: "Support-Demo-2026!", role: "Agent du support (questions des usagers)" },
      { identifier: "LOG012345U", password: "Bailleur-Demo-2026!", role: "Bailleur (compte partenaire)" },
    ]);
    expect(await accounts.findAccountByIdentifier(t.deps.db, "log012345u")).toMatchObject({ kind: "partner", userNumber: "B0012345", postalCommune: "Prades", mustChangePassword: false });
    const applicant = await accounts.findAccountByIdentifier(t.deps.db, "demo.usager");
    expect(applicant).toMatchObject({ civility: "Mme", lastName: "Martin", firstName: "Camille", email: "camille.martin@exemple.fr", role: "applicant", status: "active", mustChangePassword: false });
    expect(await accounts.findAccountByIdentifier(t.deps.db, "demo.admin")).toMatchObject({ role: "platform_admin", status: "active" });
  });

  it("lets each demo account log in with the printed password", async () => {
    for (const demo of await seedDemoData(t.deps)) {
      const browser = new TestBrowser(t.app);
      const response = await browser.submit("/connexion", { login: demo.identifier, password: demo.password });
      // Agents land on their work, platform admins on the administration (issue 15); the demo's
      // support agent, attached to no procedure, on the support's queue.
      const role = demoAccounts.find((account) => account.identifier === demo.identifier)?.role;
      expect(response.headers.location, demo.identifier).toBe(landingPath({ role, supportAgent: demo.identifier === "demo.support" }));
    }
  });

  it("is idempotent: a second start creates nothing and leaves the accounts as they are", async () => {
    const before = await t.deps.db.selectFrom("accounts").selectAll().orderBy("identifier").execute();
    const counts = async () =>
      Promise.all((["organisationsRegister", "organisations", "memberships", "services", "grants", "oidcClients", "procedureAgents", "requests", "supportAgents", "supportQuestions", "supportReplies"] as const).map(async (table) => (await t.deps.db.selectFrom(table).selectAll().execute()).length));
    const tablesBefore = await counts();
    expect(await seedDemoData(t.deps)).toHaveLength(6);
    expect(await counts()).toEqual(tablesBefore);
    const after = await t.deps.db.selectFrom("accounts").selectAll().orderBy("identifier").execute();
    expect(after).toEqual(before);
    // Without one of its accounts the demo is not seeded any more: the next start completes it.
    await t.deps.db.deleteFrom("accounts").where("identifier", "=", "demo.support").execute();
    expect(await demoSeeded(t.deps.db)).toBe(false);
    await seedDemoData(t.deps);
    expect(await demoSeeded(t.deps.db)).toBe(true);
  });

  it("lets demo.structure open the demo partner's tile once the loan service's terms are accepted", async () => {
    await seedDemoData(t.deps);
    const browser = new TestBrowser(t.app);
    await browser.submit("/connexion", { login: "demo.structure", password: "Structure-Demo-2026!" });
    const dashboard = await browser.get("/tableau-de-bord");
    expect(dashboard.body).toContain("COMMUNE D&#39;EUS");
    expect(dashboard.body).toContain("Mes prêts en ligne");
    const open = await browser.get("/services/prets-en-ligne/ouvrir");
    expect(open.headers.location).toContain("/services/prets-en-ligne/conditions");
    const client = await t.deps.db.selectFrom("oidcClients").selectAll().where("clientId", "=", "demo-partenaire").executeTakeFirstOrThrow();
    const service = await t.deps.db.selectFrom("services").selectAll().where("slug", "=", "prets-en-ligne").executeTakeFirstOrThrow();
    expect(client.serviceId).toBe(service.id);
    expect(service.url).toBe(`${t.deps.config.publicUrl}/demo-partenaire`);
  });

  it("lets the demo landlord file the monthly rent declaration for its property company, prefilled", async () => {
    await seedDemoData(t.deps);
    const landlord = new TestBrowser(t.app);
    // The identifier typed as people do: lower case, spaces, the letter O for the digit 0.
    expect((await landlord.submit("/connexion", { login: "log O12 345 u", password: demoPartner.password })).statusCode).toBe(303);
    expect((await landlord.get("/tableau-de-bord")).body).toContain("SCI LES TILLEULS");
    await landlord.get("/demarches");
    const started = await landlord.post("/demarches/declaration-loyers/commencer", {});
    expect(started.statusCode).toBe(303);
    const step = await landlord.get(started.headers.location as string);
    expect(step.statusCode).toBe(200);
    expect(step.body).toContain("Prérempli depuis la fiche de votre structure");
  });

  it("gives demo.instructeur the four procedures and demo.usager's filed housing request to process", async () => {
    await seedDemoData(t.deps);
    const usager = new TestBrowser(t.app);
    await usager.submit("/connexion", { login: "demo.usager", password: "Usager-Demo-2026!" });
    const mine = await usager.get("/demandes");
    expect(mine.body).toContain("Demande de logement social");
    expect(mine.body).toContain("Déposée");
    const agent = new TestBrowser(t.app);
    await agent.submit("/connexion", { login: "demo.instructeur", password: "Instructeur-Demo-2026!" });
    expect((await t.deps.db.selectFrom("procedureAgents").select("procedureId").execute()).length).toBe(4);
    const list = await agent.get("/instruction/logement-social");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("Martin");
  });

  it("registers clients nobody has attached to yet, to try the organisation journeys", async () => {
    await seedDemoData(t.deps);
    const register = await t.deps.db.selectFrom("organisationsRegister").select("clientNumber").execute();
    expect(register.map((row) => row.clientNumber)).toEqual(expect.arrayContaining(["123456", "237517", "849719"]));
  });

  it("registers SIRETs whose keys are right, so that each demo organisation can be found by its SIRET", async () => {
    await seedDemoData(t.deps);
    for (const entry of demoRegister) {
      expect(checkSiret(entry.siret), entry.name).toEqual({ ok: true, value: entry.siret });
      const found = await findOrganisationToAttach(t.deps.db, "siret", formatSiret(entry.siret));
      expect(found, entry.name).toMatchObject({ ok: true, entry: { clientNumber: entry.clientNumber, name: entry.name } });
    }
  });

  it("loads and publishes the four demo procedures, once", async () => {
    await seedDemoData(t.deps);
    await seedDemoData(t.deps);
    const procedures = await t.deps.db.selectFrom("procedures").select(["slug", "status"]).orderBy("slug").execute();
    expect(procedures).toEqual([
      { slug: "aide-associations", status: "published" },
      { slug: "declaration-loyers", status: "published" },
      { slug: "demande-de-pret", status: "published" },
      { slug: "logement-social", status: "published" },
    ]);
    expect(await t.deps.db.selectFrom("procedureVersions").select("id").execute()).toHaveLength(4);
  });

  it("names demo.support to the support, with a visitor's new question and demo.usager's answered one", async () => {
    await seedDemoData(t.deps);
    const support = new TestBrowser(t.app);
    await support.submit("/connexion", { login: "demo.support", password: "Support-Demo-2026!" });
    const queue = await support.get("/support?statut=toutes");
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain("Léa Fontaine");
    expect(queue.body).toContain("Camille Martin");
    const applicant = new TestBrowser(t.app);
    await applicant.submit("/connexion", { login: "demo.usager", password: "Usager-Demo-2026!" });
    expect((await applicant.get("/tableau-de-bord")).body).toContain("1 réponse");
  });
});
