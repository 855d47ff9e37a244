import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { addMember, buildOrganisation, buildRegisterEntry, randomSiret } from "../../../test/organisations.ts";

describe("attaching to an organisation (Ajouter une structure)", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const membershipOf = (organisationId: string, accountId: string) =>
    t.deps.db.selectFrom("memberships").selectAll().where("organisationId", "=", organisationId).where("accountId", "=", accountId).executeTakeFirst();

  it("finds the organisation by client number typed with leading zeros and spaces, then attaches its first member", async () => {
    const entry = await buildRegisterEntry(t.deps.db, { name: "COMMUNE DE SAINT-MARTIN" });
    const { account, browser } = await signedInAccount(t);
    await browser.get("/structures/ajouter");
    const found = await browser.post("/structures/ajouter", { par: "client", numero: `00 ${entry.clientNumber}` });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain("Est-ce bien votre structure ?");
    expect(found.body).toContain("COMMUNE DE SAINT-MARTIN");

    const attached = await browser.post("/structures/ajouter/confirmer", { structure: entry.id });
    expect(attached.statusCode).toBe(303);
    const organisation = await t.deps.db.selectFrom("organisations").selectAll().where("registerId", "=", entry.id).executeTakeFirstOrThrow();
    expect(attached.headers.location).toBe(`/structures/${organisation.id}/administrateur`);
    expect(organisation).toMatchObject({ name: "COMMUNE DE SAINT-MARTIN", siret: entry.siret, clientNumber: entry.clientNumber });
    // A SIRET is public: the first member too waits, for the code by post, before acting for the organisation.
    expect(await membershipOf(organisation.id, account.id)).toMatchObject({ status: "pending", isAdmin: false });

    // The header now shows the organisation the person acts for, instead of "Ajouter une structure".
    const page = await browser.get("/structures");
    expect(page.body).toContain(`href="/structures/${organisation.id}"`);
    expect(page.body).toContain("Structure en cours");
    const audit = await t.deps.db.selectFrom("auditEvents").selectAll().where("event", "=", "organisation.attached").where("accountId", "=", account.id).executeTakeFirst();
    expect(audit?.details).toMatchObject({ organisationId: organisation.id, outcome: "first" });
  });

  it("finds the organisation by its SIRET typed in groups", async () => {
    const entry = await buildRegisterEntry(t.deps.db, { name: "ASSOCIATION LES AMIS DU LAC" });
    const { browser } = await signedInAccount(t);
    await browser.get("/structures/ajouter");
    const spaced = `${entry.siret.slice(0, 3)} ${entry.siret.slice(3, 6)} ${entry.siret.slice(6, 9)} ${entry.siret.slice(9)}`;
    const found = await browser.post("/structures/ajouter", { par: "siret", numero: spaced });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain("ASSOCIATION LES AMIS DU LAC");
  });

  it.each([
    ["a SIRET whose key is wrong", "siret", "73282932000075", "Ce numéro SIRET n&#39;est pas valide"],
    ["a SIREN instead of a SIRET", "siret", "732829320", "numéro SIREN (9 chiffres)"],
    ["an unknown client number", "client", "99999999999", "Aucune structure ne porte ce numéro client"],
    ["a client number with letters", "client", "12A45", "ne doit comporter que des chiffres"],
    ["nothing", "client", "", "Saisissez le numéro client"],
  ])("answers %s with a French message, keeping what was typed", async (_case, par, numero, message) => {
    const { browser } = await signedInAccount(t);
    await browser.get("/structures/ajouter");
    const response = await browser.post("/structures/ajouter", { par, numero });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(message);
    expect(response.body).toContain('href="#champ-numero"');
    expect(response.body).toContain(`value="${numero}"`);
  });

  it("asks for the client number when a SIRET matches several clients, and refuses a SIRET unknown to the register", async () => {
    const siret = randomSiret();
    await buildRegisterEntry(t.deps.db, { siret });
    await buildRegisterEntry(t.deps.db, { siret });
    const { browser } = await signedInAccount(t);
    await browser.get("/structures/ajouter");
    expect((await browser.post("/structures/ajouter", { par: "siret", numero: siret })).body).toContain("Plusieurs numéros client correspondent");
    expect((await browser.post("/structures/ajouter", { par: "siret", numero: randomSiret() })).body).toContain("Aucune structure cliente ne porte ce numéro SIRET");
    expect((await browser.post("/structures/ajouter", { par: "autre", numero: siret })).statusCode).toBe(422);
  });

  it("makes lookups wait an hour after 10 unknown numbers, so that nobody walks the register", async () => {
    const entry = await buildRegisterEntry(t.deps.db);
    const { account, browser } = await signedInAccount(t);
    await browser.get("/structures/ajouter");
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await browser.post("/structures/ajouter", { par: "client", numero: `9${attempt}9999999999` })).statusCode).toBe(422);
    }
    const blocked = await browser.post("/structures/ajouter", { par: "client", numero: entry.clientNumber });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain("Vous avez saisi trop de numéros inconnus");
    // An hour later (a new session: the first one has expired meanwhile), the same person may look again.
    t.clock.advance(61 * 60_000);
    const later = new TestBrowser(t.app);
    await logInAs(later, account);
    await later.get("/structures/ajouter");
    expect((await later.post("/structures/ajouter", { par: "client", numero: entry.clientNumber })).statusCode).toBe(200);
  });

  it("makes a later member wait for the administrators, who are told by e-mail, as is the member", async () => {
    const organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE D'EUS" });
    const administrator = await buildAccount(t.deps.db, { email: `admin.${organisation.id}@exemple.fr` });
    await addMember(t.deps.db, organisation, administrator, { isAdmin: true });
    const { account, browser } = await signedInAccount(t);
    await browser.get("/structures/ajouter");
    await browser.post("/structures/ajouter", { par: "client", numero: organisation.clientNumber! });
    const entry = await t.deps.db.selectFrom("organisationsRegister").select("id").where("clientNumber", "=", organisation.clientNumber!).executeTakeFirstOrThrow();
    const attached = await browser.post("/structures/ajouter/confirmer", { structure: entry.id });
    expect(attached.headers.location).toBe(`/structures/${organisation.id}`);
    expect(await membershipOf(organisation.id, account.id)).toMatchObject({ status: "pending", isAdmin: false });
    const [toAdministrator] = await mailsTo(t.deps.db, administrator.email);
    expect(toAdministrator?.subject).toContain("Nouvelle demande de rattachement à votre structure");
    expect(toAdministrator?.textBody).toContain(`/structures/${organisation.id}/membres`);
    const [toMember] = await mailsTo(t.deps.db, account.email);
    expect(toMember?.subject).toContain("en cours de validation");

    // Attaching twice changes nothing.
    await browser.get("/structures/ajouter");
    await browser.post("/structures/ajouter", { par: "client", numero: organisation.clientNumber! });
    const again = await browser.post("/structures/ajouter/confirmer", { structure: entry.id });
    expect(again.headers.location).toBe(`/structures/${organisation.id}`);
    expect(await mailsTo(t.deps.db, administrator.email)).toHaveLength(1);
  });

  it("switches between the person's organisations; the header follows", async () => {
    const first = await buildOrganisation(t.deps.db, { name: "COMMUNE DE PRADES" });
    const second = await buildOrganisation(t.deps.db, { name: "SIVOM DU CONFLENT" });
    const account = await buildAccount(t.deps.db);
    await addMember(t.deps.db, first, account);
    await addMember(t.deps.db, second, account);
    const browser = new TestBrowser(t.app);
    await logInAs(browser, account);
    // A new session acts for the oldest organisation.
    expect((await browser.get("/structures")).body).toMatch(/Ma structure : <\/span>COMMUNE DE PRADES/);
    const switched = await browser.post(`/structures/${second.id}/choisir`, {});
    expect(switched.headers.location).toBe("/tableau-de-bord");
    expect((await browser.get("/structures")).body).toMatch(/Ma structure : <\/span>SIVOM DU CONFLENT/);
  });

  it("detaches the person, ending their grants for it, and lets them attach again", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const { account, browser } = await signedInAccount(t);
    await addMember(t.deps.db, organisation, account);
    expect((await browser.get(`/structures/${organisation.id}/supprimer`)).body).toContain("Supprimer la structure");
    const detached = await browser.post(`/structures/${organisation.id}/supprimer`, {});
    expect(detached.headers.location).toBe("/structures");
    expect(await membershipOf(organisation.id, account.id)).toBeUndefined();
    expect((await browser.get(`/structures/${organisation.id}/supprimer`)).statusCode).toBe(404);
  });

  it("refuses to detach the last administrator, and says what to do", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const { account, browser } = await signedInAccount(t);
    await addMember(t.deps.db, organisation, account, { isAdmin: true });
    await browser.get(`/structures/${organisation.id}/supprimer`);
    const refused = await browser.post(`/structures/${organisation.id}/supprimer`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("dernier administrateur de cette structure");
    expect(await membershipOf(organisation.id, account.id)).toBeDefined();
  });

  it("answers 404 on another organisation's pages and for malformed ones", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const { browser } = await signedInAccount(t);
    await browser.get("/structures");
    for (const path of ["supprimer", "administrateur"]) {
      expect((await browser.get(`/structures/${organisation.id}/${path}`)).statusCode).toBe(404);
    }
    expect((await browser.post(`/structures/${organisation.id}/choisir`, {})).statusCode).toBe(404);
    await browser.get("/structures");
    expect((await browser.post(`/structures/${organisation.id}/supprimer`, {})).statusCode).toBe(404);
    expect((await browser.get("/structures/pas-un-uuid/administrateur")).statusCode).toBe(404);
    await browser.get("/structures");
    expect((await browser.post("/structures/ajouter/confirmer", { structure: "pas-un-uuid" })).statusCode).toBe(404);
  });

  it("sends visitors to the login page", async () => {
    const response = await t.app.inject({ method: "GET", url: "/structures/ajouter" });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain("/connexion");
  });
});
