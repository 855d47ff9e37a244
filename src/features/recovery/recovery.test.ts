import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { HOUR, MINUTE } from "../../platform/clock.ts";
import { buildAccount as build } from "../../../test/builders.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { RECOVERY_MAILS_PER_HOUR } from "./send-recovery-mail.ts";

const PASSWORD = "Ancien-Mot-2passe";
const NEW_PASSWORD = "Nouveau-Sesame-47";

describe("Récupérer mes informations de connexion", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ workers: true });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.advance(2 * HOUR));

  async function buildAccount(overrides: { status?: "pending" | "active" } = {}) {
    const now = t.clock.now();
    const { status = "active" } = overrides;
    return build(t.deps.db, {
      password: PASSWORD,
      status,
      activatedAt: status === "pending" ? null : now,
      termsAcceptedAt: now,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Waits until the recovery jobs queued so far have run (the workers poll every half second). */
  async function settle() {
    for (let i = 0; i < 200; i++) {
      const { rows } = await sql<{ pending: number }>`
        select count(*)::int as pending from pgboss.job where name = 'recovery-mail' and state in ('created', 'retry', 'active')`.execute(t.deps.db);
      if (rows[0]?.pending === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("recovery jobs did not finish");
  }

  async function mailsTo(address: string) {
    return t.deps.db.selectFrom("mails").selectAll().where("toAddress", "=", address).orderBy("createdAt").orderBy("id").execute();
  }

  async function askForResetLink(login: string) {
    const browser = new TestBrowser(t.app);
    const response = await browser.submit("/recuperer-mes-informations", { login }, "/recuperer-mes-informations/mot-de-passe");
    await settle();
    return response;
  }

  function linkIn(text: string) {
    const match = /(\/reinitialiser-mon-mot-de-passe\?jeton=[a-z2-7]+)/.exec(text);
    if (!match?.[1]) throw new Error(`no reset link in: ${text}`);
    return match[1];
  }

  async function resetLinkFor(account: { identifier: string; email: string }) {
    await askForResetLink(account.identifier);
    const mails = await mailsTo(account.email);
    return linkIn(mails.at(-1)?.textBody ?? "");
  }

  const withoutCsrf = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, "");

  async function logIn(login: string, password: string) {
    const browser = new TestBrowser(t.app);
    const response = await browser.submit("/connexion", { login, password });
    return { browser, response };
  }

  it("offers two forms on one page, each in its own section: identifier forgotten and password reset", async () => {
    const response = await t.app.inject("/recuperer-mes-informations");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<h1>Récupérer mes informations de connexion</h1>");
    expect(response.body).toContain('<h2 id="identifiant-oublie">Identifiant oublié</h2>');
    expect(response.body).toContain('<h2 id="reinitialisation">Réinitialisation du mot de passe</h2>');
    expect(response.body).toContain('action="/recuperer-mes-informations/identifiant"');
    expect(response.body).toContain('action="/recuperer-mes-informations/mot-de-passe"');
    expect(response.body).toMatch(/<label class="field__label" for="champ-email">Adresse électronique/);
    expect(response.body).toMatch(/<label class="field__label" for="champ-login">Identifiant ou adresse électronique/);
  });

  describe("Identifiant oublié", () => {
    it("mails the identifier to the address typed, whatever its case", async () => {
      const account = await buildAccount();
      const browser = new TestBrowser(t.app);
      const response = await browser.submit("/recuperer-mes-informations", { email: account.email.toUpperCase() }, "/recuperer-mes-informations/identifiant");
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("Si un compte correspond à votre saisie, un courriel vient de lui être envoyé avec votre identifiant.");
      await settle();
      const [mail] = await mailsTo(account.email);
      expect(mail?.subject).toBe("Votre identifiant - Guichet");
      expect(mail?.textBody).toContain(`Votre identifiant est :\n\n${account.identifier}`);
      expect(mail?.textBody).toContain("/connexion");
    });

    it("answers the same page for an address without an account, and sends nothing", async () => {
      const account = await buildAccount();
      const browser = new TestBrowser(t.app);
      const known = await browser.submit("/recuperer-mes-informations", { email: account.email }, "/recuperer-mes-informations/identifiant");
      const unknown = await browser.submit("/recuperer-mes-informations", { email: "personne@exemple.fr" }, "/recuperer-mes-informations/identifiant");
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(withoutCsrf(unknown.body)).toBe(withoutCsrf(known.body));
      await settle();
      expect(await mailsTo("personne@exemple.fr")).toHaveLength(0);
    });

    it("still reminds an account that is not activated yet of its identifier, with a way to activate it", async () => {
      const account = await buildAccount({ status: "pending" });
      const browser = new TestBrowser(t.app);
      await browser.submit("/recuperer-mes-informations", { email: account.email }, "/recuperer-mes-informations/identifiant");
      await settle();
      const [mail] = await mailsTo(account.email);
      expect(mail?.textBody).toContain(account.identifier);
      expect(mail?.textBody).toContain("/activer-mon-compte/nouveau-lien");
    });

    it("asks again, with status 422 and the address kept, when the address is missing or malformed", async () => {
      const browser = new TestBrowser(t.app);
      const empty = await browser.submit("/recuperer-mes-informations", { email: "" }, "/recuperer-mes-informations/identifiant");
      expect(empty.statusCode).toBe(422);
      expect(empty.body).toContain('<a href="#champ-email">Adresse électronique : Saisissez votre adresse électronique.</a>');
      const malformed = await browser.submit("/recuperer-mes-informations", { email: "camille@" }, "/recuperer-mes-informations/identifiant");
      expect(malformed.statusCode).toBe(422);
      expect(malformed.body).toContain("Saisissez une adresse électronique valide");
      expect(malformed.body).toContain('value="camille@"');
      expect(malformed.body).toContain("<title>Erreur : Récupérer mes informations de connexion - Guichet</title>");
    });
  });

  describe("Réinitialisation du mot de passe", () => {
    it("mails a link valid 1 hour, asked by identifier or by address, with the same answer for an unknown login", async () => {
      const account = await buildAccount();
      const byIdentifier = await askForResetLink(account.identifier);
      const byEmail = await askForResetLink(account.email);
      const unknown = await askForResetLink("personne.inconnue");
      expect(byIdentifier.statusCode).toBe(200);
      expect(byIdentifier.body).toContain("Si un compte correspond à votre saisie, un courriel vient de lui être envoyé.");
      expect(byIdentifier.body).toContain("il est valable 1 heure");
      expect(withoutCsrf(unknown.body)).toBe(withoutCsrf(byIdentifier.body));
      expect(withoutCsrf(byEmail.body)).toBe(withoutCsrf(byIdentifier.body));
      const mails = await mailsTo(account.email);
      expect(mails).toHaveLength(2);
      expect(mails[0]?.subject).toBe("Réinitialisation de votre mot de passe - Guichet");
      expect(mails[0]?.textBody).toContain("Il est valable 1 heure et ne peut servir qu'une fois.");
      expect(mails[0]?.textBody).toContain(`${t.deps.config.publicUrl}/reinitialiser-mon-mot-de-passe?jeton=`);
      // The newer link replaces the older one.
      expect((await t.app.inject(linkIn(mails[0]?.textBody ?? ""))).statusCode).toBe(404);
      expect((await t.app.inject(linkIn(mails[1]?.textBody ?? ""))).statusCode).toBe(200);
    });

    it("refuses an empty login with 422", async () => {
      const browser = new TestBrowser(t.app);
      const response = await browser.submit("/recuperer-mes-informations", { login: " " }, "/recuperer-mes-informations/mot-de-passe");
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('<a href="#champ-login">Identifiant ou adresse électronique : Saisissez votre identifiant ou votre adresse électronique.</a>');
    });

    it("shows the new password form for a usable link without using it up", async () => {
      const account = await buildAccount();
      const link = await resetLinkFor(account);
      for (let i = 0; i < 2; i++) {
        const page = await t.app.inject(link);
        expect(page.statusCode).toBe(200);
        expect(page.body).toMatch(/for="champ-newPassword">Nouveau mot de passe/);
        expect(page.body).toMatch(/for="champ-newPasswordConfirmation">Confirmation du nouveau mot de passe/);
        expect(page.body).toContain('data-password-rules="champ-newPassword"');
        expect(page.body).toContain(`<input type="hidden" name="jeton" value="${link.split("=")[1]}"/>`);
      }
    });

    it("sets the new password, ends every session, tells the owner by mail and sends to the login page", async () => {
      const account = await buildAccount();
      const { browser: signedIn } = await logIn(account.identifier, PASSWORD);
      expect((await signedIn.get("/mon-compte")).statusCode).toBe(200);
      const link = await resetLinkFor(account);

      const browser = new TestBrowser(t.app);
      await browser.get(link);
      const response = await browser.post("/reinitialiser-mon-mot-de-passe", { jeton: link.split("=")[1] ?? "", newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/connexion");
      expect((await browser.get("/connexion")).body).toContain("Votre mot de passe a bien été réinitialisé. Vous pouvez vous connecter.");

      expect((await signedIn.get("/mon-compte")).headers.location).toMatch(/^\/connexion/);
      const sessions = await t.deps.db.selectFrom("sessions").select("id").where("accountId", "=", account.id).execute();
      expect(sessions).toHaveLength(0);
      expect((await logIn(account.identifier, PASSWORD)).response.statusCode).toBe(422);
      expect((await logIn(account.identifier, NEW_PASSWORD)).response.headers.location).toBe("/tableau-de-bord");

      const notice = (await mailsTo(account.email)).at(-1);
      expect(notice?.subject).toBe("Votre mot de passe a été modifié - Guichet");
      expect(notice?.textBody).toContain("toutes les sessions ouvertes sur votre compte ont été fermées");
      const events = await t.deps.db.selectFrom("auditEvents").select("event").where("accountId", "=", account.id).execute();
      expect(events.map((e) => e.event)).toContain("account.password_reset");
      expect(events.map((e) => e.event)).toContain("account.password_reset_requested");
    });

    it("works once: the same link then explains it was already used", async () => {
      const account = await buildAccount();
      const link = await resetLinkFor(account);
      const token = link.split("=")[1] ?? "";
      const browser = new TestBrowser(t.app);
      await browser.get(link);
      expect((await browser.post("/reinitialiser-mon-mot-de-passe", { jeton: token, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })).statusCode).toBe(303);
      const again = await browser.post("/reinitialiser-mon-mot-de-passe", { jeton: token, newPassword: "Autre-Sesame-58", newPasswordConfirmation: "Autre-Sesame-58" });
      expect(again.statusCode).toBe(410);
      expect(again.body).toContain("<h1>Ce lien de réinitialisation a déjà été utilisé</h1>");
      const page = await t.app.inject(link);
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('<a href="/recuperer-mes-informations">Demander un nouveau lien de réinitialisation</a>');
    });

    it("expires after 1 hour, and says so", async () => {
      const account = await buildAccount();
      const link = await resetLinkFor(account);
      t.clock.advance(59 * MINUTE);
      expect((await t.app.inject(link)).statusCode).toBe(200);
      t.clock.advance(MINUTE);
      const page = await t.app.inject(link);
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain("<h1>Ce lien de réinitialisation a expiré</h1>");
      expect(page.body).toContain("valables 1 heure");
    });

    it("answers 404 with an explanation for a forged, truncated or missing token", async () => {
      for (const url of ["/reinitialiser-mon-mot-de-passe?jeton=abcdefghijklmnopqrstuvwxyz234567", "/reinitialiser-mon-mot-de-passe?jeton=x'--", "/reinitialiser-mon-mot-de-passe"]) {
        const page = await t.app.inject(url);
        expect(page.statusCode, url).toBe(404);
        expect(page.body).toContain("<h1>Ce lien de réinitialisation n&#39;est pas valide</h1>");
      }
    });

    it("asks again with 422, keeping the token, for a weak, mismatched or recently used password, and the link stays usable", async () => {
      const account = await buildAccount();
      const link = await resetLinkFor(account);
      const token = link.split("=")[1] ?? "";
      const browser = new TestBrowser(t.app);
      await browser.get(link);
      const weak = await browser.post("/reinitialiser-mon-mot-de-passe", { jeton: token, newPassword: "court", newPasswordConfirmation: "autre" });
      expect(weak.statusCode).toBe(422);
      expect(weak.body).toContain("Le formulaire contient 2 erreurs");
      expect(weak.body).toContain('<a href="#champ-newPassword">Nouveau mot de passe : Le mot de passe doit contenir au moins 8 caractères.</a>');
      expect(weak.body).toContain('<a href="#champ-newPasswordConfirmation">Confirmation du nouveau mot de passe : La confirmation ne correspond pas au mot de passe.</a>');
      expect(weak.body).toContain(`<input type="hidden" name="jeton" value="${token}"/>`);
      expect(weak.body).not.toContain('value="court"');
      const reused = await browser.post("/reinitialiser-mon-mot-de-passe", { jeton: token, newPassword: PASSWORD, newPasswordConfirmation: PASSWORD });
      expect(reused.statusCode).toBe(422);
      expect(reused.body).toContain("différent de vos 5 derniers mots de passe");
      expect((await t.app.inject(link)).statusCode).toBe(200);
    });

    it("activates a pending account whose owner used the link (it proves the address)", async () => {
      const account = await buildAccount({ status: "pending" });
      const link = await resetLinkFor(account);
      const browser = new TestBrowser(t.app);
      await browser.get(link);
      await browser.post("/reinitialiser-mon-mot-de-passe", { jeton: link.split("=")[1] ?? "", newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD });
      expect((await accounts.findAccountById(t.deps.db, account.id))?.status).toBe("active");
      expect((await logIn(account.email, NEW_PASSWORD)).response.headers.location).toBe("/tableau-de-bord");
    });
  });

  describe("against mail bombing", () => {
    it(`sends at most ${RECOVERY_MAILS_PER_HOUR} recovery mails per account and hour, silently, then again an hour later`, async () => {
      const account = await buildAccount();
      const browser = new TestBrowser(t.app);
      const answers: string[] = [];
      for (let i = 0; i < 3; i++) {
        answers.push((await browser.submit("/recuperer-mes-informations", { login: account.identifier }, "/recuperer-mes-informations/mot-de-passe")).body);
        t.clock.advance(MINUTE);
      }
      answers.push((await browser.submit("/recuperer-mes-informations", { email: account.email }, "/recuperer-mes-informations/identifiant")).body);
      answers.push((await browser.submit("/recuperer-mes-informations", { login: account.email }, "/recuperer-mes-informations/mot-de-passe")).body);
      await settle();
      expect(await mailsTo(account.email)).toHaveLength(RECOVERY_MAILS_PER_HOUR);
      expect(withoutCsrf(answers[4] ?? "")).toBe(withoutCsrf(answers[0] ?? ""));
      const requests = await t.deps.db.selectFrom("auditEvents").select("details").where("accountId", "=", account.id).orderBy("id").execute();
      expect(requests.map((r) => r.details.mailSent)).toEqual([true, true, true, false, false]);

      t.clock.advance(HOUR);
      await askForResetLink(account.identifier);
      expect(await mailsTo(account.email)).toHaveLength(RECOVERY_MAILS_PER_HOUR + 1);
    });
  });
});
