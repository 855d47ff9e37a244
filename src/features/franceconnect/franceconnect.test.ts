import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeJwt, importJWK, SignJWT, type JWK } from "jose";
import type { KoaContextWithOIDC } from "oidc-provider";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { franceConnectEnv, startStandIn, StandInVisitor } from "../../../test/franceconnect.ts";
import { mailsTo, tokenFromLatestMail } from "../../../test/mails.ts";
import { freePort } from "../../../test/relying-party.ts";
import { standInSigningKey, type FranceConnectStandIn } from "../../demo/franceconnect/stand-in.ts";
import { NO_PASSWORD } from "../../platform/security/passwords.ts";

/** A page's text as the person reads it (hono escapes apostrophes). */
const text = (html: string) => html.replaceAll("&#39;", "'");

const ANGELA = "fc-test-angela-dubois";
const PIERRE = "fc-test-pierre-martin";
const AMINA = "fc-test-amina-diallo";
const DOMINIQUE = "fc-test-dominique-santoni";
const MARIE = "fc-test-marie-helene-payet";

describe("FranceConnect, against the local stand-in", () => {
  let standIn: FranceConnectStandIn;
  let signingKey: JWK;
  let t: TestApp;
  /** Set by a test to alter the id_token the stand-in's token endpoint returns, as a forger would. */
  let tamper: ((idToken: string) => Promise<string>) | null = null;
  /** The same for the userinfo JWT. */
  let tamperUserinfo: ((jwt: string) => Promise<string>) | null = null;

  beforeAll(async () => {
    signingKey = await standInSigningKey();
    standIn = await startStandIn({ signingKey });
    standIn.provider.use(async (koa, next) => {
      await next();
      const ctx = koa as KoaContextWithOIDC;
      const body = ctx.body as { id_token?: string } | undefined;
      if (tamper && ctx.oidc?.route === "token" && body?.id_token) ctx.body = { ...body, id_token: await tamper(body.id_token) };
      if (tamperUserinfo && ctx.oidc?.route === "userinfo" && typeof ctx.body === "string") ctx.body = await tamperUserinfo(ctx.body);
    });
    t = await createTestApp({ env: franceConnectEnv(standIn.issuer) });
  });
  afterEach(async () => {
    tamper = null;
    tamperUserinfo = null;
    await t.deps.db.deleteFrom("franceconnectLinks").execute();
  });
  afterAll(async () => {
    await t?.close();
    await standIn?.close();
  });

  /** The person clicks "S'identifier avec FranceConnect" on `page`: the address of FranceConnect's page. */
  async function clickFranceConnect(browser: TestBrowser, page = "/connexion", action = "/franceconnect/connexion") {
    await browser.get(page);
    const response = await browser.post(action, {});
    expect(response.statusCode).toBe(303);
    const location = String(response.headers.location);
    expect(location.startsWith(`${standIn.issuer}/auth?`)).toBe(true);
    return location;
  }

  /** Back on the portal from FranceConnect with what the stand-in sent. */
  const back = (browser: TestBrowser, callback: URL) => browser.get(`${callback.pathname}${callback.search}`);

  async function franceConnect(browser: TestBrowser, sub: string, options: { page?: string; action?: string; visitor?: StandInVisitor } = {}) {
    const callback = await (options.visitor ?? new StandInVisitor()).choose(await clickFranceConnect(browser, options.page, options.action), sub);
    return { callback, response: await back(browser, callback) };
  }

  const account = (email: string) => t.deps.db.selectFrom("accounts").selectAll().where("email", "=", email).executeTakeFirst();
  const linkOf = (subject: string) => t.deps.db.selectFrom("franceconnectLinks").selectAll().where("subject", "=", subject).executeTakeFirst();
  const events = (event: string) => t.deps.db.selectFrom("auditEvents").selectAll().where("event", "=", event).execute();

  async function signOnly(idToken: string, changes: Record<string, unknown>, key: JWK) {
    const claims = { ...decodeJwt(idToken), ...changes };
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: signingKey.kid ?? "" }).sign(await importJWK(key, "RS256"));
  }

  it("shows the button on the login and registration pages, with a page explaining FranceConnect", async () => {
    const browser = new TestBrowser(t.app);
    for (const page of ["/connexion", "/creer-un-compte"]) {
      const response = await browser.get(page);
      expect(text(response.body)).toContain("S'identifier avec</span> <span class=\"franceconnect__brand\">FranceConnect");
      expect(text(response.body)).toContain('href="/franceconnect/qu-est-ce-que-c-est"');
    }
    const about = await browser.get("/franceconnect/qu-est-ce-que-c-est");
    expect(about.statusCode).toBe(200);
    expect(text(about.body)).toContain("Qu'est-ce que FranceConnect ?");
  });

  it("creates an account from the pivot identity, without a password, usable by FranceConnect once the address is proven", async () => {
    const browser = new TestBrowser(t.app);
    const { response } = await franceConnect(browser, ANGELA);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/franceconnect/finaliser");
    const finish = await browser.get("/franceconnect/finaliser");
    expect(text(finish.body)).toContain("Finaliser la création de votre compte");
    expect(text(finish.body)).toContain("Angela Claire Louise");
    expect(text(finish.body)).toContain("Nantes (44)");
    expect(text(finish.body)).toContain('value="angela.dubois@exemple.fr"');

    // Terms not accepted: the page comes back with the address typed.
    const refused = await browser.post("/franceconnect/finaliser", { email: "angela.d@exemple.fr" });
    expect(refused.statusCode).toBe(422);
    expect(text(refused.body)).toContain("Acceptez les conditions générales d'utilisation");
    expect(text(refused.body)).toContain('value="angela.d@exemple.fr"');

    const csrf = browser.csrfToken();
    const created = await browser.post("/franceconnect/finaliser", { email: "angela.d@exemple.fr", terms: "oui" });
    expect(created.statusCode).toBe(200);
    expect(text(created.body)).toContain("Vérifiez votre messagerie");
    const row = await account("angela.d@exemple.fr");
    expect(row).toMatchObject({
      identifier: "angela.dubois",
      civility: "Mme",
      firstName: "Angela Claire Louise",
      lastName: "DUBOIS",
      birthDate: "1962-08-24",
      birthCommuneCode: "44109",
      birthCountryCode: "99100",
      sex: "F",
      status: "pending",
      passwordHash: NO_PASSWORD,
    });
    expect(row?.identityVerifiedAt).toBeInstanceOf(Date);
    expect((await linkOf(ANGELA))?.accountId).toBe(row?.id);
    expect((await mailsTo(t.deps.db, "angela.d@exemple.fr"))[0]?.subject).toContain("Activez votre compte");

    // The identity is used once: the same page cannot create a second account.
    const again = await browser.post("/franceconnect/finaliser", { email: "angela.e@exemple.fr", terms: "oui" }, { csrf });
    expect(again.statusCode).toBe(400);
    expect(await account("angela.e@exemple.fr")).toBeUndefined();

    // Back by FranceConnect before proving the address (mistyped, perhaps): the account is not
    // opened but dropped, and the person finalises again, shown the address typed then.
    const returning = new TestBrowser(t.app);
    const early = await franceConnect(returning, ANGELA);
    expect(early.response.statusCode).toBe(303);
    expect(early.response.headers.location).toBe("/franceconnect/finaliser");
    expect(await account("angela.d@exemple.fr")).toBeUndefined();
    expect(await linkOf(ANGELA)).toBeUndefined();
    expect(await events("franceconnect.unconfirmed_account_dropped")).toHaveLength(1);
    const checkAddress = await returning.get("/franceconnect/finaliser");
    expect(text(checkAddress.body)).toContain("Votre adresse électronique n'a pas encore été confirmée");
    expect(text(checkAddress.body)).toContain('value="angela.d@exemple.fr"');
    expect((await returning.post("/franceconnect/finaliser", { email: "angela.d@exemple.fr", terms: "oui" })).statusCode).toBe(200);
    const recreated = await account("angela.d@exemple.fr");
    expect(recreated).toMatchObject({ status: "pending", passwordHash: NO_PASSWORD, birthDate: "1962-08-24" });
    expect((await linkOf(ANGELA))?.accountId).toBe(recreated?.id);

    await browser.get(`/activer-mon-compte?jeton=${await tokenFromLatestMail(t.deps.db, "angela.d@exemple.fr", "/activer-mon-compte")}`);
    const later = new TestBrowser(t.app);
    const { response: signedIn } = await franceConnect(later, ANGELA);
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe("/tableau-de-bord");
    const session = await t.deps.db.selectFrom("sessions").selectAll().where("accountId", "=", recreated?.id ?? "").executeTakeFirstOrThrow();
    expect(decodeJwt(session.franceconnectIdToken ?? "")).toMatchObject({ sub: ANGELA, acr: "eidas1", iss: standIn.issuer });
    expect(await events("franceconnect.login_succeeded")).toHaveLength(1);
    const myAccount = await later.get("/mon-compte");
    expect(text(myAccount.body)).toContain("Votre compte est relié à FranceConnect depuis le");
    expect(text(myAccount.body)).toContain("Choisir un mot de passe");

    // No password: the identifier and any password open nothing.
    const byPassword = new TestBrowser(t.app);
    await byPassword.get("/connexion");
    expect((await byPassword.post("/connexion", { login: "angela.dubois", password: NO_PASSWORD })).statusCode).toBe(422);
  });

  it("writes a birth abroad and a birth in Corsica as FranceConnect sends them", async () => {
    for (const [sub, email, expected] of [
      [AMINA, "amina.d@exemple.fr", { birthCommuneCode: null, birthCountryCode: "99341", sex: "F", civility: "Mme" }],
      [DOMINIQUE, "dominique.s@exemple.fr", { birthCommuneCode: "2A004", birthCountryCode: "99100", sex: "M", civility: "M." }],
    ] as const) {
      const browser = new TestBrowser(t.app);
      await franceConnect(browser, sub);
      const finish = await browser.get("/franceconnect/finaliser");
      expect(text(finish.body)).toContain(sub === AMINA ? "À l'étranger (pays de code INSEE 99341)" : "Ajaccio (2A)");
      await browser.post("/franceconnect/finaliser", { email, terms: "oui" });
      expect(await account(email)).toMatchObject(expected);
    }
  });

  it("refuses a forged state, a callback without its cookie, and a replayed callback", async () => {
    const browser = new TestBrowser(t.app);
    const { callback } = { callback: await new StandInVisitor().choose(await clickFranceConnect(browser), MARIE) };
    const ticket = browser.cookie("guichet_franceconnect");
    const forged = new URL(callback);
    forged.searchParams.set("state", "etat-fabrique");
    const refused = await back(browser, forged);
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain("La connexion avec FranceConnect n'a pas abouti");

    const withoutCookie = await back(new TestBrowser(t.app), callback);
    expect(withoutCookie.statusCode).toBe(400);
    expect(text(withoutCookie.body)).toContain("Demande expirée");

    // The real answer with its cookie goes through once; the same callback again is refused.
    const inject = () => t.app.inject({ method: "GET", url: `${callback.pathname}${callback.search}`, headers: { cookie: `guichet_franceconnect=${ticket}` } });
    expect((await inject()).headers.location).toBe("/franceconnect/finaliser");
    const replayed = await inject();
    expect(replayed.statusCode).toBe(400);
    expect(replayed.headers["set-cookie"]?.toString()).not.toContain("guichet_franceconnect_identite=ey");
    expect((await events("franceconnect.login_refused")).map((event) => event.details)).toEqual(
      expect.arrayContaining([{ reason: "state_mismatch" }, { reason: "replayed_callback" }]),
    );
  });

  it("refuses a code already used, even with a fresh state", async () => {
    const first = new TestBrowser(t.app);
    const { callback } = await franceConnect(first, MARIE);
    const second = new TestBrowser(t.app);
    await clickFranceConnect(second);
    const ticket = second.cookie("guichet_franceconnect") ?? "";
    const state = JSON.parse(Buffer.from(ticket.split(".")[0] ?? "", "base64url").toString()).state as string;
    const replay = new URL(callback);
    replay.searchParams.set("state", state);
    const refused = await back(second, replay);
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain("La connexion avec FranceConnect n'a pas abouti");
    expect(second.cookie("guichet_franceconnect_identite")).toBeUndefined();
  });

  it("refuses an id_token with another nonce, for another client, or signed by another key", async () => {
    const otherKey = await standInSigningKey();
    const forgeries: [string, (idToken: string) => Promise<string>][] = [
      ["another nonce", (idToken) => signOnly(idToken, { nonce: "un-autre-nonce" }, signingKey)],
      ["another client", (idToken) => signOnly(idToken, { aud: "un-autre-client" }, signingKey)],
      ["another key", (idToken) => signOnly(idToken, {}, otherKey)],
    ];
    // The unaltered token re-signed with the right key passes: the checks, not the re-signing, refuse the others.
    tamper = (idToken) => signOnly(idToken, {}, signingKey);
    expect((await franceConnect(new TestBrowser(t.app), MARIE)).response.headers.location).toBe("/franceconnect/finaliser");
    for (const [, forge] of forgeries) {
      tamper = forge;
      const browser = new TestBrowser(t.app);
      const { response } = await franceConnect(browser, MARIE);
      expect(response.statusCode).toBe(400);
      expect(text(response.body)).toContain("La connexion avec FranceConnect n'a pas abouti");
      expect(browser.cookie("guichet_franceconnect_identite")).toBeUndefined();
    }
  });

  it("refuses a userinfo JWT signed by another key or carrying another person", async () => {
    const otherKey = await standInSigningKey();
    tamperUserinfo = (jwt) => signOnly(jwt, {}, signingKey);
    expect((await franceConnect(new TestBrowser(t.app), MARIE)).response.headers.location).toBe("/franceconnect/finaliser");
    for (const forge of [(jwt: string) => signOnly(jwt, {}, otherKey), (jwt: string) => signOnly(jwt, { sub: ANGELA }, signingKey)]) {
      tamperUserinfo = forge;
      const { response } = await franceConnect(new TestBrowser(t.app), MARIE);
      expect(response.statusCode).toBe(400);
      expect(text(response.body)).toContain("La connexion avec FranceConnect n'a pas abouti");
    }
  });

  it("says the person cancelled when FranceConnect answers access_denied", async () => {
    const browser = new TestBrowser(t.app);
    const callback = await new StandInVisitor().choose(await clickFranceConnect(browser), MARIE, "annuler");
    expect(callback.searchParams.get("error")).toBe("access_denied");
    const response = await back(browser, callback);
    expect(response.statusCode).toBe(400);
    expect(text(response.body)).toContain("Connexion avec FranceConnect annulée");
    expect(text(response.body)).toContain('href="/connexion"');
  });

  it("never links nor reveals an account whose address FranceConnect sends; its owner links after logging in", async () => {
    const owner = await buildAccount(t.deps.db, { email: "pierre.martin@exemple.fr", firstName: "Pierre", lastName: "Martin", civility: "M." });
    const browser = new TestBrowser(t.app);
    await franceConnect(browser, PIERRE);
    const finish = await browser.get("/franceconnect/finaliser");
    expect(text(finish.body)).toContain('value="pierre.martin@exemple.fr"');
    expect(text(finish.body)).not.toContain(owner.identifier);
    const answer = await browser.post("/franceconnect/finaliser", { email: "pierre.martin@exemple.fr", terms: "oui" });
    expect(answer.statusCode).toBe(200);
    expect(text(answer.body)).toContain("Vérifiez votre messagerie");
    expect(await linkOf(PIERRE)).toBeUndefined();
    expect((await account("pierre.martin@exemple.fr"))?.identityVerifiedAt).toBeNull();
    expect((await mailsTo(t.deps.db, "pierre.martin@exemple.fr")).map((mail) => mail.subject)).toEqual([expect.stringContaining("Vous avez déjà un compte")]);

    // "J'ai déjà un compte": FranceConnect, then the password, then the link.
    const person = new TestBrowser(t.app);
    await franceConnect(person, PIERRE);
    expect(text((await person.get("/franceconnect/finaliser")).body)).toContain("/connexion?retour=%2Ffranceconnect%2Frelier");
    await person.get("/connexion?retour=%2Ffranceconnect%2Frelier");
    const login = await person.post("/connexion", { login: owner.identifier, password: owner.password, retour: "/franceconnect/relier" });
    expect(login.headers.location).toBe("/franceconnect/relier");
    expect(text((await person.get("/franceconnect/relier")).body)).toContain("Relier mon compte à FranceConnect");
    const linked = await person.post("/franceconnect/relier", {});
    expect(linked.headers.location).toBe("/mon-compte");
    expect((await linkOf(PIERRE))?.accountId).toBe(owner.id);
    expect(await account("pierre.martin@exemple.fr")).toMatchObject({ firstName: "Pierre", lastName: "MARTIN", birthDate: "1985-03-14", birthCommuneCode: "69123" });
    expect(await events("franceconnect.linked")).toEqual(expect.arrayContaining([expect.objectContaining({ accountId: owner.id })]));
    // Later, FranceConnect goes straight in.
    expect((await franceConnect(new TestBrowser(t.app), PIERRE)).response.headers.location).toBe("/tableau-de-bord");
  });

  it("sends an existing account's owner at most 3 \"Vous avez déjà un compte\" mails an hour, however many times a FranceConnect identity is finalised with their address", async () => {
    await buildAccount(t.deps.db, { email: "cible.rappels@exemple.fr" });
    for (let i = 0; i < 6; i++) {
      const browser = new TestBrowser(t.app);
      await franceConnect(browser, AMINA);
      await browser.get("/franceconnect/finaliser");
      const answer = await browser.post("/franceconnect/finaliser", { email: "cible.rappels@exemple.fr", terms: "oui" });
      expect(answer.statusCode).toBe(200);
      expect(text(answer.body)).toContain("Vérifiez votre messagerie");
    }
    expect(await mailsTo(t.deps.db, "cible.rappels@exemple.fr")).toHaveLength(3);
    expect(await linkOf(AMINA)).toBeUndefined();
  });

  it("links from Mon compte, refusing a second identity for a linked account and an identity linked elsewhere", async () => {
    const { account: first, browser } = await signedInAccount(t);
    expect(text((await browser.get("/mon-compte")).body)).toContain("Votre compte n'est pas relié à FranceConnect");
    const linked = await franceConnect(browser, DOMINIQUE, { page: "/mon-compte", action: "/mon-compte/franceconnect/relier" });
    expect(linked.response.headers.location).toBe("/mon-compte");
    expect((await linkOf(DOMINIQUE))?.accountId).toBe(first.id);
    expect(text((await browser.get("/mon-compte")).body)).toContain("Votre compte est relié à FranceConnect depuis le");

    const secondIdentity = await franceConnect(browser, MARIE, { page: "/mon-compte", action: "/mon-compte/franceconnect/relier" });
    expect(secondIdentity.response.statusCode).toBe(409);
    expect(text(secondIdentity.response.body)).toContain("Votre compte est déjà relié à FranceConnect");
    expect(await linkOf(MARIE)).toBeUndefined();

    const { browser: other } = await signedInAccount(t);
    const taken = await franceConnect(other, DOMINIQUE, { page: "/mon-compte", action: "/mon-compte/franceconnect/relier" });
    expect(taken.response.statusCode).toBe(409);
    expect(text(taken.response.body)).toContain("Cette identité FranceConnect est déjà reliée à un autre compte");
    expect((await linkOf(DOMINIQUE))?.accountId).toBe(first.id);
  });

  it("refuses to unlink an account without a password until one is chosen, then unlinks", async () => {
    const browser = new TestBrowser(t.app);
    await franceConnect(browser, AMINA);
    await browser.post("/franceconnect/finaliser", { email: "amina.unlink@exemple.fr", terms: "oui" });
    await browser.get(`/activer-mon-compte?jeton=${await tokenFromLatestMail(t.deps.db, "amina.unlink@exemple.fr", "/activer-mon-compte")}`);
    await franceConnect(browser, AMINA);

    await browser.get("/mon-compte/franceconnect/delier");
    const refused = await browser.post("/mon-compte/franceconnect/delier", {});
    expect(refused.statusCode).toBe(409);
    expect(text(refused.body)).toContain("Choisissez d'abord un mot de passe");
    expect(await linkOf(AMINA)).toBeDefined();

    await browser.get("/mon-compte/franceconnect/mot-de-passe");
    const weak = await browser.post("/mon-compte/franceconnect/mot-de-passe", { newPassword: "court", newPasswordConfirmation: "court" });
    expect(weak.statusCode).toBe(422);
    const chosen = await browser.post("/mon-compte/franceconnect/mot-de-passe", { newPassword: "Kx7#mQ2p-Vélo9", newPasswordConfirmation: "Kx7#mQ2p-Vélo9" });
    expect(chosen.headers.location).toBe("/mon-compte");

    expect((await browser.get("/mon-compte/franceconnect/mot-de-passe")).headers.location).toBe("/mon-compte/mot-de-passe");
    await browser.get("/mon-compte/franceconnect/delier");
    const unlinked = await browser.post("/mon-compte/franceconnect/delier", {});
    expect(unlinked.headers.location).toBe("/mon-compte");
    expect(await linkOf(AMINA)).toBeUndefined();
    expect((await account("amina.unlink@exemple.fr"))?.identityVerifiedAt).toBeNull();
    expect(await events("franceconnect.unlinked")).toHaveLength(1);
    // The password now opens the account.
    await logInAs(new TestBrowser(t.app), { identifier: "amina.unlink@exemple.fr", password: "Kx7#mQ2p-Vélo9" });
  });

  it("logs out through FranceConnect's end_session with the id_token, then back to the logged-out page", async () => {
    const owner = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    await logInAs(browser, owner);
    const visitor = new StandInVisitor();
    await franceConnect(browser, MARIE, { page: "/mon-compte", action: "/mon-compte/franceconnect/relier", visitor });
    const idToken = (await t.deps.db.selectFrom("sessions").select("franceconnectIdToken").where("accountId", "=", owner.id).executeTakeFirstOrThrow()).franceconnectIdToken;
    expect(idToken).toBeTruthy();

    await browser.get("/mon-compte");
    const logout = await browser.post("/deconnexion", {});
    expect(logout.statusCode).toBe(303);
    const endSession = new URL(String(logout.headers.location));
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${standIn.issuer}/session/end`);
    expect(endSession.searchParams.get("id_token_hint")).toBe(idToken);
    expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe("http://127.0.0.1:3000/franceconnect/deconnecte");
    expect(endSession.searchParams.get("state")).toBeTruthy();
    expect(await t.deps.db.selectFrom("sessions").select("id").where("accountId", "=", owner.id).execute()).toEqual([]);

    const returned = await visitor.logOut(endSession.href);
    expect(returned.searchParams.get("state")).toBe(endSession.searchParams.get("state"));
    const loggedOut = await back(browser, returned);
    expect(loggedOut.headers.location).toBe("/");
    expect(browser.cookie("guichet_flash")).toBe("logged-out");
    // A forged state shows nothing.
    const forged = await browser.get("/franceconnect/deconnecte?state=faux");
    expect(forged.headers.location).toBe("/");

    // A password session leaves as before.
    await logInAs(browser, owner);
    await browser.get("/mon-compte");
    await t.deps.db.deleteFrom("franceconnectLinks").execute();
    expect((await browser.post("/deconnexion", {})).headers.location).toBe("/");
  });
});

describe("FranceConnect unreachable or not configured", () => {
  it("shows no button and no FranceConnect route when it is not configured", async () => {
    const t = await createTestApp();
    try {
      const browser = new TestBrowser(t.app);
      expect(text((await browser.get("/connexion")).body)).not.toContain("FranceConnect");
      expect(text((await browser.get("/creer-un-compte")).body)).not.toContain("FranceConnect");
      expect((await browser.post("/franceconnect/connexion", {})).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it("says FranceConnect is unavailable while password login works, and tries again at the next click", async () => {
    const port = await freePort();
    const t = await createTestApp({ env: franceConnectEnv(`http://127.0.0.1:${port}`) });
    let standIn: FranceConnectStandIn | undefined;
    try {
      const account = await buildAccount(t.deps.db);
      const browser = new TestBrowser(t.app);
      await browser.get("/connexion");
      const unavailable = await browser.post("/franceconnect/connexion", {});
      expect(unavailable.statusCode).toBe(503);
      expect(text(unavailable.body)).toContain("FranceConnect est momentanément indisponible");
      expect(text(unavailable.body)).toContain("vous pouvez vous connecter avec votre identifiant et votre mot de passe");
      await logInAs(browser, account);

      // FranceConnect is back on the same address: the next click discovers it.
      standIn = await startStandIn({ port });
      const other = new TestBrowser(t.app);
      await other.get("/connexion");
      const available = await other.post("/franceconnect/connexion", {});
      expect(available.statusCode).toBe(303);
      expect(String(available.headers.location)).toContain(`127.0.0.1:${port}/auth?`);
    } finally {
      await t.close();
      await standIn?.close();
    }
  });
});
