import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount } from "../../../test/builders.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { HttpBrowser, listeningTestApp } from "../../../test/relying-party.ts";
import type { TestApp } from "../../../test/app.ts";
import { DEMO_CLIENT_ID, demoPartnerUrl, registerDemoPartner } from "./demo-partner.tsx";
import { findClient } from "./queries.ts";
import { formatSiret } from "../../platform/french/siret.ts";

const NOW = new Date("2026-03-01T09:00:00Z");

describe("the demo partner service (outside production)", () => {
  let t: TestApp & { baseUrl: string };
  let serviceId: string;

  beforeAll(async () => {
    t = await listeningTestApp();
    const service = await t.deps.db
      .insertInto("services")
      .values({
        slug: "prets-en-ligne",
        name: "Mes prêts en ligne",
        tileLabel: "Mes prêts en ligne",
        description: "Prêts",
        url: demoPartnerUrl(t.deps.config),
        requiresOrganisation: true,
        grantedBy: "organisation_admin",
        termsUpdatedAt: NOW,
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    serviceId = service.id;
  });
  afterAll(() => t?.close());

  it("is registered once, however often the demo data is seeded", async () => {
    await registerDemoPartner(t.deps, { serviceId });
    const first = await findClient(t.deps.db, DEMO_CLIENT_ID);
    await registerDemoPartner(t.deps, { serviceId });
    const second = await findClient(t.deps.db, DEMO_CLIENT_ID);
    expect(second?.clientSecret).toBe(first?.clientSecret);
    expect(second?.redirectUris).toEqual([`${t.baseUrl}/demo-partenaire/retour`]);
    expect(await t.deps.db.selectFrom("oidcClients").select("clientId").execute()).toHaveLength(1);
  });

  it("signs a granted member in, shows what it received, and logs out (partner, then Guichet)", async () => {
    await registerDemoPartner(t.deps, { serviceId });
    const account = await buildAccount(t.deps.db, { firstName: "Camille", lastName: "Martin" });
    const organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE D'EUS" });
    await addMember(t.deps.db, organisation, account);
    await t.deps.db.insertInto("grants").values({ serviceId, accountId: account.id, organisationId: organisation.id, status: "granted", requestedAt: NOW, decidedAt: NOW, decidedBy: null, reason: null }).execute();
    await t.deps.db.insertInto("termsAcceptances").values({ accountId: account.id, serviceId, termsVersion: 1, acceptedAt: NOW }).execute();

    const browser = new HttpBrowser();
    const atLogin = await browser.follow(`${t.baseUrl}/demo-partenaire`);
    expect(atLogin.url).toContain("/connexion?retour=");
    const login = await browser.logIn(t.baseUrl, account, new URL(atLogin.url).searchParams.get("retour") ?? "");
    const home = await browser.follow(login.location ?? "");
    expect(home.url).toBe(`${t.baseUrl}/demo-partenaire`);
    expect(home.body).toContain("Mes prêts en ligne — service de démonstration");
    expect(home.body).toContain("Camille Martin");
    expect(home.body).toContain(`COMMUNE D&#39;EUS — SIRET ${formatSiret(organisation.siret)}`);
    expect(home.body).toContain("prets-en-ligne, accordée le");

    const logout = await browser.post(`${t.baseUrl}/demo-partenaire/deconnexion`, {});
    const confirmation = await browser.follow(logout.location ?? "");
    expect(confirmation.body).toContain("Voulez-vous aussi vous déconnecter de Guichet");
    const action = /<form method="post" action="([^"]+)"/.exec(confirmation.body)?.[1] ?? "";
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirmation.body)?.[1] ?? "";
    const done = await browser.post(action, { xsrf, logout: "yes" });
    const after = await browser.follow(done.location ?? "");
    expect(after.url).toBe(`${t.baseUrl}/demo-partenaire/deconnecte`);
    expect(after.body).toContain("Vous êtes déconnecté du service de démonstration.");
    expect((await browser.get(`${t.baseUrl}/mon-compte`)).location).toMatch(/\/connexion/);
  });

  it("ends its own session when Guichet tells it (back-channel logout) after a Guichet logout", async () => {
    await registerDemoPartner(t.deps, { serviceId });
    const account = await buildAccount(t.deps.db);
    const organisation = await buildOrganisation(t.deps.db);
    await addMember(t.deps.db, organisation, account);
    await t.deps.db.insertInto("grants").values({ serviceId, accountId: account.id, organisationId: organisation.id, status: "granted", requestedAt: NOW, decidedAt: NOW, decidedBy: null, reason: null }).execute();
    await t.deps.db.insertInto("termsAcceptances").values({ accountId: account.id, serviceId, termsVersion: 1, acceptedAt: NOW }).execute();

    const browser = new HttpBrowser();
    const atLogin = await browser.follow(`${t.baseUrl}/demo-partenaire`);
    const login = await browser.logIn(t.baseUrl, account, new URL(atLogin.url).searchParams.get("retour") ?? "");
    expect((await browser.follow(login.location ?? "")).url).toBe(`${t.baseUrl}/demo-partenaire`);

    await browser.get(`${t.baseUrl}/mon-compte`);
    expect((await browser.post(`${t.baseUrl}/deconnexion`, {})).status).toBe(303);
    // Its session is gone: it sends the person to sign in again.
    expect((await browser.get(`${t.baseUrl}/demo-partenaire`)).location).toBe(`${t.baseUrl}/demo-partenaire/connexion`);
  });

  it("says the sign-in did not succeed when the code is forged or stale, with a valid state", async () => {
    await registerDemoPartner(t.deps, { serviceId });
    const browser = new HttpBrowser();
    const start = await browser.get(`${t.baseUrl}/demo-partenaire/connexion`);
    const state = new URL(start.location ?? "").searchParams.get("state") ?? "";
    expect(state).not.toBe("");
    const callback = new URL(`${t.baseUrl}/demo-partenaire/retour`);
    callback.search = new URLSearchParams({ code: "code-invente", state, iss: `${t.baseUrl}/oidc` }).toString();
    const page = await browser.get(callback.href);
    expect(page.status).toBe(400);
    expect(page.body).toContain("<h1>Connexion non aboutie</h1>");
    expect(page.body).toContain("La connexion par le portail n&#39;a pas abouti.");
    expect(browser.cookie(new URL(t.baseUrl).host, "demo_partenaire_session")).toBeUndefined();
  });

  it("rejects a forged logout token", async () => {
    const response = await fetch(`${t.baseUrl}/demo-partenaire/deconnexion-guichet`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "logout_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
    });
    expect(response.status).toBe(400);
  });
});
