import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { MINUTE } from "../../platform/clock.ts";
import { issueAccountToken } from "../../core/accounts/tokens.ts";

const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

describe("Mon compte", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const signedIn = (overrides: Parameters<typeof buildAccount>[1] = {}, userAgent = FIREFOX_WINDOWS) =>
    signedInAccount(t, overrides, { userAgent });

  const auditOf = (accountId: string) =>
    t.deps.db.selectFrom("auditEvents").selectAll().where("accountId", "=", accountId).orderBy("id").execute();

  it("sends anonymous visitors to the login page, coming back afterwards", async () => {
    const browser = new TestBrowser(t.app);
    for (const path of ["/mon-compte", "/mon-compte/mes-informations", "/mon-compte/adresse-electronique", "/mon-compte/mot-de-passe", "/mon-compte/mes-donnees.json", "/mon-compte/supprimer"]) {
      const response = await browser.get(path);
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toBe(`/connexion?retour=${encodeURIComponent(path)}`);
    }
    await browser.get("/connexion");
    for (const path of ["/mon-compte/mes-informations", "/mon-compte/adresse-electronique", "/mon-compte/mot-de-passe", "/mon-compte/sessions/fermer-les-autres", "/mon-compte/supprimer"]) {
      const response = await browser.post(path, { lastName: "X", password: "x" });
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toBe("/connexion");
    }
  });

  it("refuses a form posted without its CSRF token", async () => {
    const { account, browser } = await signedIn();
    const response = await browser.post("/mon-compte/mes-informations", { civility: "M.", lastName: "Pirate", firstName: "Jean" }, { csrf: null });
    expect(response.statusCode).toBe(403);
    const stored = await t.deps.db.selectFrom("accounts").select("lastName").where("id", "=", account.id).executeTakeFirstOrThrow();
    expect(stored.lastName).toBe("Martin");
  });

  it("shows my information with a link to each change, my data and the deletion", async () => {
    const { account, browser } = await signedIn({ civility: "M.", lastName: "Dupont", firstName: "Jean" });
    const response = await browser.get("/mon-compte");
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.body;
    expect(body).toContain("<h1>Mon compte</h1>");
    expect(body).toContain('<h2 id="mes-informations">Mes informations</h2>');
    expect(body).toContain("<dt>Civilité</dt><dd>Monsieur</dd>");
    expect(body).toContain("<dt>Nom</dt><dd>Dupont</dd>");
    expect(body).toContain("<dt>Prénom</dt><dd>Jean</dd>");
    expect(body).toContain(`<dt>Identifiant</dt><dd>${account.identifier}</dd>`);
    expect(body).toContain(`<dt>Adresse électronique</dt><dd>${account.email}</dd>`);
    expect(body).toContain('<a href="/mon-compte/mes-informations">Modifier mes informations</a>');
    expect(body).toContain('<a href="/mon-compte/adresse-electronique">Modifier mon adresse électronique</a>');
    expect(body).toContain('<a href="/mon-compte/mot-de-passe">Modifier mon mot de passe</a>');
    expect(body).toMatch(/<a href="\/mon-compte\/mes-donnees.json" download="">\s*Télécharger mes données/);
    expect(body).toContain('<a href="/mon-compte/supprimer">Supprimer mon compte</a>');
    expect(body).toContain("Se déconnecter");
  });

  it("lists the live sessions in plain words, marks this one and offers to close the others", async () => {
    const { account, browser } = await signedIn({}, FIREFOX_WINDOWS);
    t.clock.advance(2 * MINUTE);
    const phone = new TestBrowser(t.app);
    await logInAs(phone, account, { userAgent: CHROME_ANDROID });

    const body = (await browser.get("/mon-compte")).body;
    expect(body).toMatch(/<caption[^>]*>Sessions ouvertes sur votre compte \(2\)<\/caption>/);
    expect(body).toContain('Firefox sur Windows <span class="tag tag--info">Cette session</span>');
    expect(body).toContain('<td data-label="Navigateur">Chrome sur Android</td>');
    expect(body).toMatch(/<td data-label="Adresse IP">127\.\d+\.\d+\.\d+<\/td>/);
    expect(body).toMatch(/<time datetime="2026-[^"]+">\d+ \S+ 2026 à \d\d:\d\d<\/time>/);
    expect(body).toContain('action="/mon-compte/sessions/fermer-les-autres"');
    expect(body).toContain("Fermer mes autres sessions");

    const phonePage = (await phone.get("/mon-compte")).body;
    expect(phonePage).toContain('Chrome sur Android <span class="tag tag--info">Cette session</span>');
  });

  it("closes my other sessions and keeps this one", async () => {
    const { account, browser } = await signedIn();
    const other = new TestBrowser(t.app);
    await logInAs(other, account);
    await browser.get("/mon-compte");

    const response = await browser.post("/mon-compte/sessions/fermer-les-autres", {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/mon-compte");

    const page = await browser.get("/mon-compte");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Vos autres sessions ont été fermées.");
    expect(page.body).toMatch(/<caption[^>]*>Sessions ouvertes sur votre compte \(1\)<\/caption>/);
    expect(page.body).toContain("Aucune autre session n&#39;est ouverte sur votre compte.");
    expect(page.body).not.toContain("Fermer mes autres sessions");
    expect((await other.get("/mon-compte")).headers.location).toBe("/connexion?retour=%2Fmon-compte");

    const revoked = (await auditOf(account.id)).filter((event) => event.event === "account.sessions_revoked");
    expect(revoked).toHaveLength(1);
    expect(revoked[0]?.details).toEqual({ closed: 1 });
  });

  it("shows markup typed in names as text, never as markup", async () => {
    const { browser } = await signedIn({ lastName: "<script>alert(1)</script>", firstName: '"><img src=x onerror=alert(2)>' });
    const body = (await browser.get("/mon-compte")).body;
    expect(body).toContain("<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>");
    expect(body).toContain("<dd>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</dd>");
    expect(body).not.toContain("<script>alert(1)");
    expect(body).not.toContain("<img src=x");
  });

  describe("Modifier mes informations", () => {
    it("shows the form filled with my current civility and names", async () => {
      const { browser } = await signedIn({ civility: "M.", lastName: "Dupont", firstName: "Jean" });
      const body = (await browser.get("/mon-compte/mes-informations")).body;
      expect(body).toContain("<h1>Modifier mes informations</h1>");
      expect(body).toContain('<legend class="fieldset__legend">Civilité</legend>');
      expect(body).toMatch(/<input type="radio" id="champ-civility-1" name="civility" value="M\." checked=""\/>/);
      expect(body).toMatch(/<input type="radio" id="champ-civility-0" name="civility" value="Mme"\/>/);
      expect(body).toMatch(/id="champ-lastName" name="lastName" type="text" value="Dupont"/);
      expect(body).toMatch(/id="champ-firstName" name="firstName" type="text" value="Jean"/);
    });

    it("saves the new civility and names, records which fields changed and says so", async () => {
      const { account, browser } = await signedIn({ civility: "Mme", lastName: "Martin", firstName: "Camille" });
      await browser.get("/mon-compte/mes-informations");
      const response = await browser.post("/mon-compte/mes-informations", { civility: "Mme", lastName: "  Martin-Durand ", firstName: "Camille" });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/mon-compte");

      const page = await browser.get("/mon-compte");
      expect(page.body).toContain("Vos informations ont bien été enregistrées.");
      expect(page.body).toContain("<dt>Nom</dt><dd>Martin-Durand</dd>");
      expect(page.body).toContain("Mon compte (Camille Martin-Durand)");
      const events = (await auditOf(account.id)).filter((event) => event.event === "account.identity_changed");
      expect(events).toHaveLength(1);
      expect(events[0]?.details).toEqual({ fields: ["lastName"] });
    });

    it("answers 422 with every missing field in the summary", async () => {
      const { browser } = await signedIn();
      await browser.get("/mon-compte/mes-informations");
      const response = await browser.post("/mon-compte/mes-informations", {});
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain("<title>Erreur : Modifier mes informations - ");
      expect(response.body).toContain("Le formulaire contient 3 erreurs");
      expect(response.body).toContain('<a href="#champ-civility">Civilité : Indiquez votre civilité.</a>');
      expect(response.body).toContain('<a href="#champ-lastName">Nom : Saisissez votre nom.</a>');
      expect(response.body).toContain('<a href="#champ-firstName">Prénom : Saisissez votre prénom.</a>');
    });

    it("refuses an unknown civility, names over 100 characters and control characters, keeping what was typed", async () => {
      const { account, browser } = await signedIn();
      await browser.get("/mon-compte/mes-informations");
      const long = "é".repeat(101);
      const response = await browser.post("/mon-compte/mes-informations", { civility: "Mlle", lastName: long, firstName: "Jean\u0007" });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain("Indiquez votre civilité.");
      expect(response.body).toContain("Votre nom doit contenir au plus 100 caractères.");
      expect(response.body).toContain("Votre prénom contient des caractères non autorisés.");
      expect(response.body).toContain(`value="${long}"`);
      const stored = await t.deps.db.selectFrom("accounts").select("lastName").where("id", "=", account.id).executeTakeFirstOrThrow();
      expect(stored.lastName).toBe("Martin");
    });

    it("keeps markup typed in a field escaped on the 422 page", async () => {
      const { browser } = await signedIn();
      await browser.get("/mon-compte/mes-informations");
      const response = await browser.post("/mon-compte/mes-informations", { civility: "", lastName: '"><script>alert(1)</script>', firstName: "Jean" });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
      expect(response.body).not.toContain("<script>alert(1)");
    });

    it("never fails on repeated fields, huge values or a JSON body", async () => {
      const { browser } = await signedIn();
      await browser.get("/mon-compte/mes-informations");
      const repeated = await browser.post("/mon-compte/mes-informations", { civility: ["M.", "Mme"], lastName: ["Durand", "Autre"], firstName: ["Paul"] });
      expect(repeated.statusCode).toBe(303);
      await browser.get("/mon-compte/mes-informations");
      const huge = await browser.post("/mon-compte/mes-informations", { civility: "M.", lastName: "x".repeat(50_000), firstName: "Paul" });
      expect(huge.statusCode).toBe(422);
      const json = await t.app.inject({
        method: "POST",
        url: "/mon-compte/mes-informations",
        headers: { cookie: `guichet_session=${browser.cookie("guichet_session")}; guichet_csrf=${browser.cookie("guichet_csrf")}`, "content-type": "application/json" },
        payload: JSON.stringify({ _csrf: browser.csrfToken(), civility: { $ne: 1 }, lastName: [1, 2], firstName: null }),
      });
      expect(json.statusCode).toBe(422);
    });
  });

  describe("Télécharger mes données", () => {
    it("downloads the account, its sessions, its audit events and its mails as a JSON attachment, never a hash", async () => {
      const { account, browser } = await signedIn({ identifier: "jean.export", email: "Jean.Export@Exemple.fr" });
      const stranger = await buildAccount(t.deps.db);
      await t.deps.mailer.queue(t.deps.db, "jean.export@exemple.fr", { subject: "Un courriel pour Jean", text: "Bonjour Jean", html: "<p>Bonjour Jean</p>" });
      await t.deps.mailer.queue(t.deps.db, stranger.email, { subject: "Un courriel pour un autre", text: "Bonjour", html: "<p>Bonjour</p>" });
      await issueAccountToken(t.deps, { accountId: account.id, purpose: "email_change", newEmail: "nouvelle@exemple.fr" });

      const response = await browser.get("/mon-compte/mes-donnees.json");
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(response.headers["content-disposition"]).toBe('attachment; filename="mes-donnees-jean.export.json"');
      expect(response.headers["cache-control"]).toBe("no-store");

      const data = response.json();
      expect(data.account).toMatchObject({ id: account.id, identifier: "jean.export", email: "Jean.Export@Exemple.fr", civility: "Mme", lastName: "Martin", firstName: "Camille", status: "active" });
      expect(data.account).not.toHaveProperty("passwordHash");
      expect(data.sessions).toHaveLength(1);
      expect(Object.keys(data.sessions[0]).sort()).toEqual(["createdAt", "expiresAt", "id", "ip", "lastSeenAt", "userAgent"]);
      expect(data.auditEvents.map((event: { event: string }) => event.event)).toEqual(["account.login_succeeded", "account.data_exported"]);
      expect(data.mails).toEqual([expect.objectContaining({ to: "jean.export@exemple.fr", subject: "Un courriel pour Jean", text: "Bonjour Jean" })]);

      // No secret of any kind: password hashes, session or link token hashes.
      expect(response.body).not.toMatch(/\$argon2id\$/);
      expect(response.body).not.toContain(account.passwordHash);
      const secrets = [
        ...(await t.deps.db.selectFrom("sessions").select("tokenHash").where("accountId", "=", account.id).execute()).map((row) => row.tokenHash),
        ...(await t.deps.db.selectFrom("accountTokens").select("tokenHash").where("accountId", "=", account.id).execute()).map((row) => row.tokenHash),
      ];
      expect(secrets.length).toBe(2);
      for (const secret of secrets) expect(response.body).not.toContain(secret);
      expect(response.body).not.toContain(stranger.id);
      expect(response.body).not.toContain("Un courriel pour un autre");
    });
  });

  describe("Supprimer mon compte", () => {
    it("explains what is deleted and asks for the password and a confirmation", async () => {
      const { browser } = await signedIn();
      const response = await browser.get("/mon-compte/supprimer");
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("<h1>Supprimer mon compte</h1>");
      expect(response.body).toContain("La suppression est définitive");
      expect(response.body).toContain("Le journal de sécurité garde la trace des événements de votre compte");
      expect(response.body).toContain('name="password" type="password"');
      expect(response.body).toContain('type="checkbox" id="champ-confirmation" name="confirmation" value="oui"');
    });

    it("refuses a wrong password with 422, records the failure and deletes nothing", async () => {
      const { account, browser } = await signedIn();
      await browser.get("/mon-compte/supprimer");
      const response = await browser.post("/mon-compte/supprimer", { password: "Pas-le-bon-1", confirmation: "oui" });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('<a href="#champ-password">Mot de passe : Le mot de passe saisi est incorrect.</a>');
      expect(response.body).not.toContain("Pas-le-bon-1");
      expect(response.body).toMatch(/name="confirmation" value="oui" checked=""/);
      expect(await t.deps.db.selectFrom("accounts").select("id").where("id", "=", account.id).executeTakeFirst()).toBeDefined();
      const failure = (await auditOf(account.id)).find((event) => event.event === "account.password_check_failed");
      expect(failure?.details).toEqual({ action: "deletion" });
    });

    it("keeps the account of an organisation's last administrator, saying what to do first", async () => {
      const { account, browser } = await signedIn();
      const organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE DE FINESTRET" });
      await addMember(t.deps.db, organisation, account, { isAdmin: true });
      await browser.get("/mon-compte/supprimer");
      const response = await browser.post("/mon-compte/supprimer", { password: account.password, confirmation: "oui" });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain("Vous êtes le dernier administrateur de la structure « COMMUNE DE FINESTRET »");
      expect(await t.deps.db.selectFrom("accounts").select("id").where("id", "=", account.id).executeTakeFirst()).toBeDefined();
    });

    it("asks for the password and the ticked box when they are missing", async () => {
      const { browser } = await signedIn();
      await browser.get("/mon-compte/supprimer");
      const response = await browser.post("/mon-compte/supprimer", {});
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('<a href="#champ-password">Mot de passe : Saisissez votre mot de passe.</a>');
      expect(response.body).toContain(
        '<a href="#champ-confirmation">Confirmation de la suppression : Cochez la case pour confirmer que vous voulez supprimer votre compte.</a>',
      );
    });

    it("deletes the account with its sessions, links, history and mails, keeps the audit trail, confirms by mail and logs out", async () => {
      const { account, browser } = await signedIn();
      const other = new TestBrowser(t.app);
      await logInAs(other, account);
      await issueAccountToken(t.deps, { accountId: account.id, purpose: "password_reset" });
      await t.deps.mailer.queue(t.deps.db, account.email, { subject: "Ancien courriel", text: "Bonjour", html: "<p>Bonjour</p>" });

      await browser.get("/mon-compte/supprimer");
      const response = await browser.post("/mon-compte/supprimer", { password: account.password, confirmation: "oui" });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/");
      expect(browser.cookie("guichet_session")).toBeUndefined();
      expect((await browser.get("/")).body).toContain("Votre compte a été supprimé.");

      const db = t.deps.db;
      expect(await db.selectFrom("accounts").select("id").where("id", "=", account.id).executeTakeFirst()).toBeUndefined();
      expect(await db.selectFrom("sessions").select("id").where("accountId", "=", account.id).execute()).toEqual([]);
      expect(await db.selectFrom("accountTokens").select("tokenHash").where("accountId", "=", account.id).execute()).toEqual([]);
      expect(await db.selectFrom("passwordHistory").select("accountId").where("accountId", "=", account.id).execute()).toEqual([]);
      const events = (await auditOf(account.id)).map((event) => event.event);
      expect(events).toContain("account.login_succeeded");
      expect(events.at(-1)).toBe("account.deleted");

      const mails = await mailsTo(db, account.email);
      expect(mails.map((mail) => mail.subject)).toEqual(["Votre compte a été supprimé - Guichet"]);
      expect(mails[0]?.textBody).toContain(`identifiant ${account.identifier}`);

      expect((await other.get("/mon-compte")).statusCode).toBe(303);
      expect((await browser.get("/mon-compte")).headers.location).toBe("/connexion?retour=%2Fmon-compte");
      await browser.get("/connexion");
      const login = await browser.post("/connexion", { login: account.identifier, password: account.password });
      expect(login.statusCode).toBe(422);
      expect(login.body).toContain("Identifiant ou mot de passe incorrect.");
    });
  });
});
