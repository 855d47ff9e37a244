import { fetchUserInfo } from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../platform/db/database.ts";
import type { GrantDecider, GrantStatus, MembershipStatus } from "../../platform/db/schema.ts";
import { buildAccount, type BuiltAccount } from "../../../test/builders.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { HttpBrowser, RelyingParty, freePort, listeningTestApp } from "../../../test/relying-party.ts";
import type { TestApp } from "../../../test/app.ts";
import { countProviderSessions } from "./queries.ts";
import { registerClient } from "./register-client.ts";

const NOW = new Date("2026-03-01T09:00:00Z");

async function buildService(db: Db, slug: string, fields: { requiresOrganisation?: boolean; grantedBy?: GrantDecider } = {}) {
  return db
    .insertInto("services")
    .values({
      slug,
      name: `Service ${slug}`,
      tileLabel: `Mes ${slug}`,
      description: "Service de test",
      url: `https://${slug}.exemple.fr/`,
      requiresOrganisation: fields.requiresOrganisation ?? true,
      grantedBy: fields.grantedBy ?? "organisation_admin",
      termsText: "Conditions.",
      termsVersion: 1,
      termsUpdatedAt: NOW,
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function grant(db: Db, input: { serviceId: string; accountId: string; organisationId: string | null; status?: GrantStatus }) {
  await db
    .insertInto("grants")
    .values({ ...input, status: input.status ?? "granted", requestedAt: NOW, decidedAt: NOW, decidedBy: null, reason: null })
    .execute();
}

async function acceptTerms(db: Db, input: { serviceId: string; accountId: string; version?: number }) {
  await db.insertInto("termsAcceptances").values({ accountId: input.accountId, serviceId: input.serviceId, termsVersion: input.version ?? 1, acceptedAt: NOW }).execute();
}

describe("Guichet as OpenID Connect provider for partner services", () => {
  let t: TestApp & { baseUrl: string };
  let loans: Awaited<ReturnType<typeof buildService>>;
  let other: Awaited<ReturnType<typeof buildService>>;
  let partnerA: RelyingParty;
  let partnerB: RelyingParty;
  /** The partner of an automatic service that needs no organisation. */
  let partnerOpen: RelyingParty;
  let open: Awaited<ReturnType<typeof buildService>>;
  let organisation: Awaited<ReturnType<typeof buildOrganisation>>;
  const issuer = () => `${t.baseUrl}/oidc`;

  beforeAll(async () => {
    t = await listeningTestApp();
    loans = await buildService(t.deps.db, "prets-en-ligne");
    other = await buildService(t.deps.db, "autre-service");
    organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE D'EUS" });
    open = await buildService(t.deps.db, "dataviz", { requiresOrganisation: false, grantedBy: "automatic" });
    const start = async (host: "127.0.0.1" | "localhost", name: string, slug = loans.slug) => {
      const port = await freePort();
      const client = await registerClient(
        t.deps,
        { name, service: { slug }, ...RelyingParty.addresses(host, port) },
        { adminId: null, ip: null, via: "cli" },
      );
      return RelyingParty.start({ issuer: issuer(), clientId: client.clientId, clientSecret: client.clientSecret, host, port });
    };
    partnerA = await start("127.0.0.1", "Prêts A");
    partnerB = await start("localhost", "Prêts B");
    partnerOpen = await start("127.0.0.1", "Dataviz", open.slug);
  });

  afterAll(async () => {
    await partnerA?.close();
    await partnerB?.close();
    await partnerOpen?.close();
    await t?.close();
  });

  /** A member of the commune, granted the loan service (and another one) with the terms accepted. */
  async function grantedMember(overrides: Parameters<typeof buildAccount>[1] = {}) {
    const account = await buildAccount(t.deps.db, overrides);
    await addMember(t.deps.db, organisation, account);
    await grant(t.deps.db, { serviceId: loans.id, accountId: account.id, organisationId: organisation.id });
    await grant(t.deps.db, { serviceId: other.id, accountId: account.id, organisationId: organisation.id });
    await acceptTerms(t.deps.db, { serviceId: loans.id, accountId: account.id });
    return account;
  }

  /** From the partner to Guichet's login, signed in, and back to the partner's callback. */
  async function signIn(browser: HttpBrowser, partner: RelyingParty, account: BuiltAccount | null) {
    const request = await partner.authorizationRequest();
    const atCallback = (url: string) => url.startsWith(partner.redirectUri);
    let step = await browser.follow(request.url, atCallback);
    if (account && step.url.startsWith(`${t.baseUrl}/connexion`)) {
      const retour = new URL(step.url).searchParams.get("retour") ?? "";
      const login = await browser.logIn(t.baseUrl, account, retour);
      step = await browser.follow(login.location ?? "", atCallback);
    }
    return { step, request };
  }

  it("signs a person in through the code flow with PKCE, after Guichet's login page", async () => {
    const camille = await grantedMember({ firstName: "Camille", lastName: "Martin", civility: "Mme" });
    const browser = new HttpBrowser();
    const request = await partnerA.authorizationRequest();
    const first = await browser.follow(request.url);
    expect(first.status).toBe(200);
    expect(first.url).toMatch(new RegExp(`^${t.baseUrl}/connexion\\?retour=%2Foidc%2Finteraction%2F`));

    const retour = new URL(first.url).searchParams.get("retour") ?? "";
    const login = await browser.logIn(t.baseUrl, camille, retour);
    expect(login.location).toBe(`${t.baseUrl}${retour}`);
    const back = await browser.follow(login.location ?? "", (url) => url.startsWith(partnerA.redirectUri));
    expect(back.stoppedAt, `${back.status} ${back.url} ${back.body.slice(0, 3000)}`).toContain("code=");

    const { idToken, userinfo } = await partnerA.finish(back.stoppedAt ?? "", request.checks);
    expect(idToken.iss).toBe(issuer());
    expect(idToken.sub).not.toBe(camille.id);
    expect(userinfo).toMatchObject({
      sub: idToken.sub,
      given_name: "Camille",
      family_name: "Martin",
      civility: "Mme",
      email: camille.email,
      email_verified: true,
      organisation: { siret: organisation.siret, client_number: organisation.clientNumber, name: "COMMUNE D'EUS" },
    });
    // Only the grant for this partner's service, never the person's other grants.
    expect(userinfo.habilitations).toEqual([{ service: "prets-en-ligne", organisation_siret: organisation.siret, granted_at: NOW.toISOString() }]);
    expect(idToken.habilitations).toEqual(userinfo.habilitations);
  });

  it("gives each partner host its own subject, the same at every sign-in", async () => {
    const person = await grantedMember();
    const first = await signIn(new HttpBrowser(), partnerA, person);
    const again = await signIn(new HttpBrowser(), partnerA, person);
    const elsewhere = await signIn(new HttpBrowser(), partnerB, person);
    const subject = async (partner: RelyingParty, flow: Awaited<ReturnType<typeof signIn>>) =>
      (await partner.finish(flow.step.stoppedAt ?? "", flow.request.checks)).idToken.sub;
    const a = await subject(partnerA, first);
    expect(await subject(partnerA, again)).toBe(a);
    const b = await subject(partnerB, elsewhere);
    expect(b).not.toBe(a);
    expect(b).not.toBe(person.id);
  });

  it("stops a person without the grant at Guichet, with the way to ask for it", async () => {
    const person = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, person);
    const { step } = await signIn(new HttpBrowser(), partnerA, person);
    expect(step.stoppedAt).toBeNull();
    expect(step.status).toBe(403);
    expect(step.body).toContain("Vous n&#39;avez pas encore accès à ce service");
    expect(step.body).toContain(`href="/services/prets-en-ligne/habilitation"`);
  });

  it("stops a person who has not accepted the current terms, then lets them through once accepted", async () => {
    const person = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, person);
    await grant(t.deps.db, { serviceId: loans.id, accountId: person.id, organisationId: organisation.id });
    const browser = new HttpBrowser();
    const { step, request } = await signIn(browser, partnerA, person);
    expect(step.status).toBe(403);
    const interaction = new URL(step.url).pathname;
    expect(step.body).toContain(`href="/services/prets-en-ligne/conditions?retour=${encodeURIComponent(interaction)}"`);

    await acceptTerms(t.deps.db, { serviceId: loans.id, accountId: person.id });
    const resumed = await browser.follow(step.url, (url) => url.startsWith(partnerA.redirectUri));
    const { userinfo } = await partnerA.finish(resumed.stoppedAt ?? "", request.checks);
    expect(userinfo.habilitations).toHaveLength(1);
  });

  it("lets a stopped person give up: the partner is told access was denied", async () => {
    const person = await buildAccount(t.deps.db);
    const browser = new HttpBrowser();
    const { step } = await signIn(browser, partnerA, person);
    expect(step.body).toContain("Ce service est réservé aux membres d&#39;une structure");
    const abandon = await browser.post(`${step.url}/abandon`, {});
    const back = await browser.follow(abandon.location ?? "", (url) => url.startsWith(partnerA.redirectUri));
    expect(new URL(back.stoppedAt ?? "").searchParams.get("error")).toBe("access_denied");
  });

  it("refuses an unknown client and an unregistered return address with a French page", async () => {
    const browser = new HttpBrowser();
    const unknown = await browser.get(`${issuer()}/auth?client_id=inconnu&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(partnerA.redirectUri)}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain("Service partenaire inconnu");
    expect(unknown.body).toContain('<html lang="fr">');

    const request = await partnerA.authorizationRequest({ redirect_uri: "https://pirate.exemple.com/callback" });
    const stolen = await browser.get(request.url);
    expect(stolen.status).toBe(400);
    expect(stolen.location).toBeNull();
    expect(stolen.body).toContain("Adresse de retour non autorisée");
    expect(stolen.body).not.toMatch(/at .*\.js:\d+/);
  });

  it("answers invalid_scope to a partner asking for a scope it was not registered for", async () => {
    const request = await partnerA.authorizationRequest({ scope: "openid phone" });
    const response = await new HttpBrowser().get(request.url);
    expect(response.status).toBe(303);
    const back = new URL(response.location ?? "");
    expect(back.href.startsWith(partnerA.redirectUri), back.href).toBe(true);
    expect(back.searchParams.get("error")).toBe("invalid_scope");
  });

  it("ends the partner sessions and tells the partners (back-channel) when the person logs out of Guichet", async () => {
    const person = await grantedMember();
    const browser = new HttpBrowser();
    const a = await signIn(browser, partnerA, person);
    const { idToken } = await partnerA.finish(a.step.stoppedAt ?? "", a.request.checks);
    const b = await signIn(browser, partnerB, person);
    await partnerB.finish(b.step.stoppedAt ?? "", b.request.checks);
    expect(await countProviderSessions(t.deps.db, person.id)).toBe(1);

    // A partner that fails does not prevent the logout.
    partnerB.failing = true;
    try {
      await browser.get(`${t.baseUrl}/mon-compte`);
      const logout = await browser.post(`${t.baseUrl}/deconnexion`, {});
      expect(logout.status).toBe(303);
    } finally {
      partnerB.failing = false;
    }
    const notice = partnerA.logouts.find((logout) => logout.payload.sid === idToken.sid);
    expect(notice?.payload.sub).toBe(idToken.sub);
    expect(await countProviderSessions(t.deps.db, person.id)).toBe(0);
    expect((await browser.get(`${t.baseUrl}/mon-compte`)).location).toMatch(/\/connexion/);
  });

  it("answers a partner's logout for someone already logged out of Guichet with a page that needs no script", async () => {
    const person = await grantedMember();
    const browser = new HttpBrowser();
    const flow = await signIn(browser, partnerA, person);
    const { tokens } = await partnerA.finish(flow.step.stoppedAt ?? "", flow.request.checks);
    await browser.get(`${t.baseUrl}/mon-compte`);
    await browser.post(`${t.baseUrl}/deconnexion`, {});

    const postLogout = RelyingParty.addresses("127.0.0.1", Number(new URL(partnerA.redirectUri).port)).postLogoutRedirectUris[0] ?? "";
    const page = await browser.get(partnerA.endSessionUrl(tokens.id_token ?? "", postLogout));
    expect(page.status).toBe(200);
    expect(page.body).toContain("Vous n&#39;êtes plus connecté à Guichet.");
    expect(page.body).not.toContain("<script>");
    const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const done = await browser.post(action, { xsrf, logout: "yes" });
    expect(done.location).toBe(postLogout);
  });

  it("ends the Guichet session when the person logs out from the partner (RP-initiated logout)", async () => {
    const person = await grantedMember();
    const browser = new HttpBrowser();
    const flow = await signIn(browser, partnerA, person);
    const { tokens } = await partnerA.finish(flow.step.stoppedAt ?? "", flow.request.checks);
    const postLogout = RelyingParty.addresses("127.0.0.1", Number(new URL(partnerA.redirectUri).port)).postLogoutRedirectUris[0] ?? "";

    const confirmation = await browser.get(partnerA.endSessionUrl(tokens.id_token ?? "", postLogout));
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toContain("Voulez-vous aussi vous déconnecter");
    expect(confirmation.body).not.toContain("<script>");
    const action = /<form method="post" action="([^"]+)"/.exec(confirmation.body)?.[1] ?? "";
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirmation.body)?.[1] ?? "";
    const done = await browser.post(action, { xsrf, logout: "yes" });
    expect(done.status).toBe(303);
    expect(done.location).toBe(postLogout);
    expect((await browser.get(`${t.baseUrl}/mon-compte`)).location).toMatch(/\/connexion/);
    expect(await countProviderSessions(t.deps.db, person.id)).toBe(0);
  });

  it("shows the person still signed in on the partner's logout page, with the page's own « Se déconnecter » as the only one", async () => {
    const person = await grantedMember({ firstName: "Odile", lastName: "Ferrer" });
    const browser = new HttpBrowser();
    const flow = await signIn(browser, partnerA, person);
    const { tokens } = await partnerA.finish(flow.step.stoppedAt ?? "", flow.request.checks);
    const postLogout = RelyingParty.addresses("127.0.0.1", Number(new URL(partnerA.redirectUri).port)).postLogoutRedirectUris[0] ?? "";

    const confirmation = await browser.get(partnerA.endSessionUrl(tokens.id_token ?? "", postLogout));
    expect(confirmation.body).toContain("Voulez-vous aussi vous déconnecter");
    const header = confirmation.body.slice(confirmation.body.indexOf("<header"), confirmation.body.indexOf("</header>"));
    expect(header).toContain("Mon compte (Odile Ferrer)");
    expect(header).toContain("Ma structure : </span>COMMUNE D&#39;EUS");
    expect(header).not.toContain("Se connecter");
    // The provider's page has no Guichet token: no second logout form, the page's own is the first.
    expect(confirmation.body.match(/<button[^>]*>Se déconnecter<\/button>/g)).toHaveLength(1);
    expect(/<form method="post" action="([^"]+)"/.exec(confirmation.body)?.[1]).toContain("/oidc/session/end/confirm");
  });

  it("goes to a partner on another site through a page that leaves at once, after a Guichet form (Chromium's form-action)", async () => {
    const person = await grantedMember();
    const browser = new HttpBrowser();
    const request = await partnerA.authorizationRequest();
    const atLogin = await browser.follow(request.url);
    const retour = new URL(atLogin.url).searchParams.get("retour") ?? "";
    await browser.logIn(t.baseUrl, person, retour);
    // What Chromium sends after the login form's redirect: the navigation started on Guichet.
    const step = await browser.get(`${t.baseUrl}${retour}`, { "sec-fetch-site": "same-origin" });
    expect(step.status).toBe(200);
    const resume = (/<a href="([^"]+)">Continuer vers le service/.exec(step.body)?.[1] ?? "").replaceAll("&amp;", "&");
    expect(step.headers.get("refresh")).toBe(`0;url=${resume}`);
    expect(step.body).toContain("Continuer vers le service « Service prets-en-ligne »");
    const back = await browser.follow(resume, (url) => url.startsWith(partnerA.redirectUri));
    const { userinfo } = await partnerA.finish(back.stoppedAt ?? "", request.checks);
    expect(userinfo.email).toBe(person.email);
  });

  it("gives the grant as it stands now: revoked, it disappears from userinfo", async () => {
    const person = await grantedMember();
    const flow = await signIn(new HttpBrowser(), partnerA, person);
    const { tokens, idToken } = await partnerA.finish(flow.step.stoppedAt ?? "", flow.request.checks);
    await t.deps.db.updateTable("grants").set({ status: "revoked" }).where("accountId", "=", person.id).where("serviceId", "=", loans.id).execute();
    const userinfo = await fetchUserInfo(partnerA.config, tokens.access_token, idToken.sub);
    expect(userinfo.habilitations).toEqual([]);
  });

  /** A person granted the automatic service needing no organisation, whose session acts for the commune (membership in the given state). */
  async function openServiceUser(membership: MembershipStatus) {
    const person = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, person, { status: membership });
    await grant(t.deps.db, { serviceId: open.id, accountId: person.id, organisationId: null });
    await acceptTerms(t.deps.db, { serviceId: open.id, accountId: person.id });
    const flow = await signIn(new HttpBrowser(), partnerOpen, person);
    return { person, ...(await partnerOpen.finish(flow.step.stoppedAt ?? "", flow.request.checks)) };
  }

  it("never names an organisation the person is not yet validated in, for a service that needs none", async () => {
    const { idToken, userinfo } = await openServiceUser("pending");
    expect(userinfo.email_verified).toBe(true);
    expect(userinfo).not.toHaveProperty("organisation");
    expect(idToken).not.toHaveProperty("organisation");
    expect(userinfo.habilitations).toEqual([{ service: "dataviz", organisation_siret: null, granted_at: NOW.toISOString() }]);
  });

  it("names the organisation of an active member for a service that needs none, until the membership is deactivated", async () => {
    const { person, idToken, tokens, userinfo } = await openServiceUser("active");
    expect(userinfo.organisation).toEqual({ siret: organisation.siret, client_number: organisation.clientNumber, name: "COMMUNE D'EUS" });
    expect(idToken.organisation).toEqual(userinfo.organisation);
    await t.deps.db.updateTable("memberships").set({ status: "deactivated" }).where("accountId", "=", person.id).execute();
    const after = await fetchUserInfo(partnerOpen.config, tokens.access_token, idToken.sub);
    expect(after).not.toHaveProperty("organisation");
    // The grant needs no organisation: it stays.
    expect(after.habilitations).toEqual(userinfo.habilitations);
  });

  it("forgets the organisation and its grant once the membership is deactivated after the sign-in", async () => {
    const person = await grantedMember();
    const flow = await signIn(new HttpBrowser(), partnerA, person);
    const { tokens, idToken, userinfo } = await partnerA.finish(flow.step.stoppedAt ?? "", flow.request.checks);
    expect(userinfo.organisation).toBeDefined();
    await t.deps.db.updateTable("memberships").set({ status: "deactivated" }).where("accountId", "=", person.id).execute();
    const after = await fetchUserInfo(partnerA.config, tokens.access_token, idToken.sub);
    expect(after).not.toHaveProperty("organisation");
    expect(after.habilitations).toEqual([]);
  });

  it("says a sign-in request has expired when the interaction is unknown to this browser", async () => {
    const person = await grantedMember();
    const browser = new HttpBrowser();
    await browser.logIn(t.baseUrl, person);
    const page = await browser.get(`${t.baseUrl}/oidc/interaction/inconnue`);
    expect(page.status).toBe(400);
    expect(page.body).toContain("Demande de connexion expirée");
  });
});
