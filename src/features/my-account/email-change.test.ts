import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, signedInAccount } from "../../../test/builders.ts";
import { mailsTo, tokenFromLatestMail } from "../../../test/mails.ts";
import { DAY, MINUTE } from "../../platform/clock.ts";

const CONFIRM_PATH = "/mon-compte/confirmer-adresse-electronique";

describe("Modifier mon adresse électronique", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const signedIn = (overrides: Parameters<typeof buildAccount>[1] = {}) => signedInAccount(t, overrides);

  async function requestChange(browser: TestBrowser, fields: Record<string, string | string[]>) {
    await browser.get("/mon-compte/adresse-electronique");
    return browser.post("/mon-compte/adresse-electronique", fields);
  }

  const emailOf = async (accountId: string) =>
    (await t.deps.db.selectFrom("accounts").select("email").where("id", "=", accountId).executeTakeFirstOrThrow()).email;
  const eventsOf = async (accountId: string) =>
    (await t.deps.db.selectFrom("auditEvents").selectAll().where("accountId", "=", accountId).orderBy("id").execute());
  const subjects = async (address: string) => (await mailsTo(t.deps.db, address)).map((mail) => mail.subject).sort();

  it("shows the account's address and asks for the new one twice and the password", async () => {
    const { account, browser } = await signedIn();
    const response = await browser.get("/mon-compte/adresse-electronique");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<h1>Modifier mon adresse électronique</h1>");
    expect(response.body).toContain(`<dt>Adresse électronique du compte</dt><dd>${account.email}</dd>`);
    expect(response.body).toContain('<label class="field__label" for="champ-newEmail">Nouvelle adresse électronique</label>');
    expect(response.body).toContain('<label class="field__label" for="champ-newEmailConfirmation">Confirmation de la nouvelle adresse électronique</label>');
    expect(response.body).toContain('name="password" type="password" autocomplete="current-password"');
  });

  it("mails a 24-hour link to the new address and a notice to the current one, and changes nothing yet", async () => {
    const { account, browser } = await signedIn();
    const response = await requestChange(browser, { newEmail: "camille.nouvelle@exemple.fr", newEmailConfirmation: "Camille.Nouvelle@exemple.fr", password: account.password });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/mon-compte");
    const page = await browser.get("/mon-compte");
    expect(page.body).toContain("Un courriel de confirmation a été envoyé à votre nouvelle adresse électronique.");
    expect(page.body).toContain(`<dd>${account.email}</dd>`);

    expect(await emailOf(account.id)).toBe(account.email);
    const [link] = await mailsTo(t.deps.db, "camille.nouvelle@exemple.fr");
    expect(link?.subject).toBe("Confirmez votre nouvelle adresse électronique - Guichet");
    expect(link?.textBody).toContain("valable 24 heures");
    expect(link?.textBody).toMatch(new RegExp(`http://127\\.0\\.0\\.1:3000${CONFIRM_PATH}\\?jeton=[a-z2-7]{32}`));
    const [notice] = await mailsTo(t.deps.db, account.email);
    expect(notice?.subject).toBe("Demande de modification de votre adresse électronique - Guichet");
    expect(notice?.textBody).toContain("Une demande de modification de votre adresse électronique a été faite");
    expect(notice?.textBody).not.toContain("jeton=");
    const token = await t.deps.db.selectFrom("accountTokens").selectAll().where("accountId", "=", account.id).executeTakeFirstOrThrow();
    expect(token.purpose).toBe("email_change");
    expect(token.newEmail).toBe("camille.nouvelle@exemple.fr");
    expect(token.expiresAt.getTime() - token.createdAt.getTime()).toBe(DAY);
    expect((await eventsOf(account.id)).map((event) => event.event)).toContain("account.email_change_requested");
  });

  it("changes the address when the link is followed without being logged in, then the new address logs in", async () => {
    const { account, browser } = await signedIn();
    await requestChange(browser, { newEmail: "lien.anonyme@exemple.fr", newEmailConfirmation: "lien.anonyme@exemple.fr", password: account.password });
    const token = await tokenFromLatestMail(t.deps.db, "lien.anonyme@exemple.fr", CONFIRM_PATH);

    const stranger = new TestBrowser(t.app);
    const response = await stranger.get(`${CONFIRM_PATH}?jeton=${token}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/connexion");
    expect((await stranger.get("/connexion")).body).toContain("Votre adresse électronique a bien été modifiée.");

    expect(await emailOf(account.id)).toBe("lien.anonyme@exemple.fr");
    expect(await subjects(account.email)).toContain("Votre adresse électronique a été modifiée - Guichet");
    expect((await eventsOf(account.id)).map((event) => event.event)).toContain("account.email_changed");
    const login = await stranger.post("/connexion", { login: "LIEN.anonyme@exemple.fr", password: account.password });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe("/tableau-de-bord");
  });

  it("brings a logged-in owner back to Mon compte, which shows the new address", async () => {
    const { account, browser } = await signedIn();
    await requestChange(browser, { newEmail: "connecte@exemple.fr", newEmailConfirmation: "connecte@exemple.fr", password: account.password });
    const token = await tokenFromLatestMail(t.deps.db, "connecte@exemple.fr", CONFIRM_PATH);
    const response = await browser.get(`${CONFIRM_PATH}?jeton=${token}`);
    expect(response.headers.location).toBe("/mon-compte");
    const page = await browser.get("/mon-compte");
    expect(page.body).toContain("Votre adresse électronique a bien été modifiée.");
    expect(page.body).toContain("<dt>Adresse électronique</dt><dd>connecte@exemple.fr</dd>");
  });

  it("explains a link already used, and one past 24 hours, and changes nothing", async () => {
    const { account, browser } = await signedIn();
    await requestChange(browser, { newEmail: "deux.fois@exemple.fr", newEmailConfirmation: "deux.fois@exemple.fr", password: account.password });
    const token = await tokenFromLatestMail(t.deps.db, "deux.fois@exemple.fr", CONFIRM_PATH);
    await browser.get(`${CONFIRM_PATH}?jeton=${token}`);
    const again = await browser.get(`${CONFIRM_PATH}?jeton=${token}`);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain("<h1>Ce lien de confirmation a déjà été utilisé</h1>");

    const late = await signedIn();
    await requestChange(late.browser, { newEmail: "trop.tard@exemple.fr", newEmailConfirmation: "trop.tard@exemple.fr", password: late.account.password });
    const lateToken = await tokenFromLatestMail(t.deps.db, "trop.tard@exemple.fr", CONFIRM_PATH);
    t.clock.advance(DAY + 1);
    const expired = await new TestBrowser(t.app).get(`${CONFIRM_PATH}?jeton=${lateToken}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain("<h1>Ce lien de confirmation a expiré</h1>");
    expect(expired.body).toContain("valables 24 heures");
    expect(await emailOf(late.account.id)).toBe(late.account.email);
  });

  it("still accepts the link 23 hours 59 minutes after the request", async () => {
    const { account, browser } = await signedIn();
    await requestChange(browser, { newEmail: "juste.a.temps@exemple.fr", newEmailConfirmation: "juste.a.temps@exemple.fr", password: account.password });
    const token = await tokenFromLatestMail(t.deps.db, "juste.a.temps@exemple.fr", CONFIRM_PATH);
    t.clock.advance(DAY - MINUTE);
    expect((await new TestBrowser(t.app).get(`${CONFIRM_PATH}?jeton=${token}`)).statusCode).toBe(303);
    expect(await emailOf(account.id)).toBe("juste.a.temps@exemple.fr");
  });

  it("answers a forged, missing or malformed link with a 404 explanation, never a crash", async () => {
    const browser = new TestBrowser(t.app);
    for (const query of ["?jeton=abcdefghijklmnopqrstuvwxyz234567", "", "?jeton=", "?jeton=%3Cscript%3E", "?jeton=a&jeton=b", `?jeton=${"a".repeat(5000)}`]) {
      const response = await browser.get(`${CONFIRM_PATH}${query}`);
      expect(response.statusCode, query).toBe(404);
      expect(response.body).toContain("<h1>Ce lien de confirmation n&#39;est pas valide</h1>");
    }
  });

  it("cancels the previous link when a new request is made", async () => {
    const { account, browser } = await signedIn();
    await requestChange(browser, { newEmail: "premiere@exemple.fr", newEmailConfirmation: "premiere@exemple.fr", password: account.password });
    const first = await tokenFromLatestMail(t.deps.db, "premiere@exemple.fr", CONFIRM_PATH);
    await requestChange(browser, { newEmail: "seconde@exemple.fr", newEmailConfirmation: "seconde@exemple.fr", password: account.password });
    expect((await browser.get(`${CONFIRM_PATH}?jeton=${first}`)).statusCode).toBe(404);
    expect(await emailOf(account.id)).toBe(account.email);
  });

  it("refuses a wrong password on the password field, records it, and sends nothing", async () => {
    const { account, browser } = await signedIn();
    const response = await requestChange(browser, { newEmail: "mauvais.mdp@exemple.fr", newEmailConfirmation: "mauvais.mdp@exemple.fr", password: "Pas-le-bon-42" });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<a href="#champ-password">Mot de passe : Le mot de passe saisi est incorrect.</a>');
    expect(response.body).toContain('value="mauvais.mdp@exemple.fr"');
    expect(response.body).not.toContain("Pas-le-bon-42");
    expect(await mailsTo(t.deps.db, "mauvais.mdp@exemple.fr")).toEqual([]);
    expect(await mailsTo(t.deps.db, account.email)).toEqual([]);
    const failure = (await eventsOf(account.id)).find((event) => event.event === "account.password_check_failed");
    expect(failure?.details).toEqual({ action: "email_change" });
  });

  it("refuses the account's own address, whatever its case", async () => {
    const { account, browser } = await signedIn();
    const response = await requestChange(browser, { newEmail: account.email.toUpperCase(), newEmailConfirmation: account.email.toUpperCase(), password: account.password });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Cette adresse est déjà celle de votre compte : saisissez une autre adresse.");
  });

  it("lists every missing or invalid field, keeps what was typed escaped and never the password", async () => {
    const { browser } = await signedIn();
    const empty = await requestChange(browser, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("Le formulaire contient 3 erreurs");
    expect(empty.body).toContain('<a href="#champ-newEmail">Nouvelle adresse électronique : Saisissez votre nouvelle adresse électronique.</a>');
    expect(empty.body).toContain(
      '<a href="#champ-newEmailConfirmation">Confirmation de la nouvelle adresse électronique : Confirmez votre nouvelle adresse électronique.</a>',
    );
    expect(empty.body).toContain('<a href="#champ-password">Mot de passe : Saisissez votre mot de passe.</a>');

    const invalid = await requestChange(browser, { newEmail: '"><script>alert(1)</script>', newEmailConfirmation: "autre@exemple.fr", password: "Secret-Tape-1" });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.");
    expect(invalid.body).toContain("La confirmation ne correspond pas à la nouvelle adresse électronique saisie.");
    expect(invalid.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(invalid.body).not.toContain("<script>alert(1)");
    expect(invalid.body).not.toContain("Secret-Tape-1");

    const huge = await requestChange(browser, { newEmail: `${"a".repeat(300)}@exemple.fr`, newEmailConfirmation: ["x", "y"], password: ["a", "b"] });
    expect(huge.statusCode).toBe(422);
  });

  it("answers as a success when another account uses the address, warns that address's owner, and changes nothing", async () => {
    const owner = await buildAccount(t.deps.db, { email: "deja.prise@exemple.fr", civility: "M.", lastName: "Durand" });
    const { account, browser } = await signedIn();
    const free = await signedIn();

    const taken = await requestChange(browser, { newEmail: "Deja.Prise@exemple.fr", newEmailConfirmation: "deja.prise@exemple.fr", password: account.password });
    const fine = await requestChange(free.browser, { newEmail: "libre@exemple.fr", newEmailConfirmation: "libre@exemple.fr", password: free.account.password });
    // Same status, same place, same message: the page tells nothing apart.
    expect(taken.statusCode).toBe(fine.statusCode);
    expect(taken.headers.location).toBe(fine.headers.location);
    expect(taken.cookies.find((cookie) => cookie.name === "guichet_flash")?.value).toBe("email-change-requested");
    expect((await browser.get("/mon-compte")).body).toContain("Un courriel de confirmation a été envoyé à votre nouvelle adresse électronique.");
    // Both requesters' current addresses are told, as always.
    expect(await subjects(account.email)).toEqual(["Demande de modification de votre adresse électronique - Guichet"]);

    const [warning] = await mailsTo(t.deps.db, owner.email);
    expect(warning?.subject).toBe("Cette adresse électronique est déjà utilisée - Guichet");
    expect(warning?.textBody).toContain("Bonjour M. Durand,");
    expect(warning?.textBody).toContain("rien n'a été modifié");
    expect(warning?.textBody).not.toContain("jeton=");
    expect(warning?.textBody).not.toContain(account.identifier);
    expect(await t.deps.db.selectFrom("accountTokens").select("tokenHash").where("accountId", "=", account.id).execute()).toEqual([]);
    expect(await emailOf(account.id)).toBe(account.email);
    expect(await emailOf(owner.id)).toBe("deja.prise@exemple.fr");
  });

  it("explains, and changes nothing, when the address was taken between the request and the click", async () => {
    const { account, browser } = await signedIn();
    await requestChange(browser, { newEmail: "course@exemple.fr", newEmailConfirmation: "course@exemple.fr", password: account.password });
    const token = await tokenFromLatestMail(t.deps.db, "course@exemple.fr", CONFIRM_PATH);
    await buildAccount(t.deps.db, { email: "course@exemple.fr" });
    const response = await browser.get(`${CONFIRM_PATH}?jeton=${token}`);
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain("<h1>Cette adresse électronique est déjà utilisée</h1>");
    expect(await emailOf(account.id)).toBe(account.email);
  });

  it("takes the address over from an account never activated, which never proved it owned it", async () => {
    const pending = await buildAccount(t.deps.db, { email: "en.attente@exemple.fr", status: "pending", activatedAt: null });
    const { account, browser } = await signedIn();
    await requestChange(browser, { newEmail: "en.attente@exemple.fr", newEmailConfirmation: "en.attente@exemple.fr", password: account.password });
    const token = await tokenFromLatestMail(t.deps.db, "en.attente@exemple.fr", CONFIRM_PATH);
    expect((await browser.get(`${CONFIRM_PATH}?jeton=${token}`)).statusCode).toBe(303);
    expect(await emailOf(account.id)).toBe("en.attente@exemple.fr");
    expect(await t.deps.db.selectFrom("accounts").select("id").where("id", "=", pending.id).executeTakeFirst()).toBeUndefined();
  });

  it("escapes markup from the account's names in both parts of the mails", async () => {
    const { account, browser } = await signedIn({ lastName: "<script>alert(1)</script>" });
    await requestChange(browser, { newEmail: "balise@exemple.fr", newEmailConfirmation: "balise@exemple.fr", password: account.password });
    for (const mail of [...(await mailsTo(t.deps.db, "balise@exemple.fr")), ...(await mailsTo(t.deps.db, account.email))]) {
      expect(mail.htmlBody).toContain("Bonjour Mme &lt;script&gt;alert(1)&lt;/script&gt;,");
      expect(mail.htmlBody).not.toContain("<script>");
      expect(mail.textBody).toContain("Bonjour Mme <script>alert(1)</script>,");
    }
  });
});
