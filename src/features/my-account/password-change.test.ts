import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { DAY, MINUTE } from "../../platform/clock.ts";

const NEW_PASSWORD = "Nouveau-Sésame-2026";

describe("Modifier mon mot de passe", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const signedIn = (overrides: Parameters<typeof buildAccount>[1] = {}) => signedInAccount(t, overrides);

  async function change(browser: TestBrowser, fields: Record<string, string | string[]>) {
    await browser.get("/mon-compte/mot-de-passe");
    return browser.post("/mon-compte/mot-de-passe", fields);
  }

  async function canLogIn(identifier: string, password: string) {
    const browser = new TestBrowser(t.app);
    await browser.get("/connexion");
    return (await browser.post("/connexion", { login: identifier, password })).statusCode === 303;
  }

  const eventsOf = async (accountId: string) =>
    (await t.deps.db.selectFrom("auditEvents").selectAll().where("accountId", "=", accountId).orderBy("id").execute());

  it("asks for the current password, the new one with its rules, and its confirmation", async () => {
    const { browser } = await signedIn();
    const response = await browser.get("/mon-compte/mot-de-passe");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<h1>Modifier mon mot de passe</h1>");
    expect(response.body).toContain('<label class="field__label" for="champ-currentPassword">Mot de passe actuel</label>');
    expect(response.body).toContain('<label class="field__label" for="champ-newPassword">Nouveau mot de passe</label>');
    expect(response.body).toContain('<label class="field__label" for="champ-newPasswordConfirmation">Confirmation du nouveau mot de passe</label>');
    expect(response.body).toContain('id="champ-newPassword-rules"');
    expect(response.body).toContain('aria-describedby="champ-newPassword-rules"');
  });

  it("changes the password, ends the other sessions but this one, tells the owner by mail and records it", async () => {
    const { account, browser } = await signedIn();
    const elsewhere = new TestBrowser(t.app);
    await logInAs(elsewhere, account);

    const response = await change(browser, { currentPassword: account.password, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/mon-compte");
    const page = await browser.get("/mon-compte");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Votre mot de passe a bien été modifié.");
    expect((await elsewhere.get("/mon-compte")).statusCode).toBe(303);

    expect(await canLogIn(account.identifier, NEW_PASSWORD)).toBe(true);
    expect(await canLogIn(account.identifier, account.password)).toBe(false);
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.subject).toBe("Votre mot de passe a été modifié - Guichet");
    expect(mail?.textBody).toContain("Les autres sessions ouvertes sur votre compte ont été fermées.");
    expect(mail?.textBody).not.toContain(NEW_PASSWORD);
    const changed = (await eventsOf(account.id)).find((event) => event.event === "account.password_changed");
    expect(changed?.details).toEqual({ otherSessionsClosed: 1 });
  });

  it("refuses a wrong current password on its field, and changes nothing", async () => {
    const { account, browser } = await signedIn();
    const response = await change(browser, { currentPassword: "Pas-le-bon-77", newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("<title>Erreur : Modifier mon mot de passe - ");
    expect(response.body).toContain('<a href="#champ-currentPassword">Mot de passe actuel : Le mot de passe actuel est incorrect.</a>');
    // Passwords are never sent back.
    expect(response.body).not.toContain("Pas-le-bon-77");
    expect(response.body).not.toContain(NEW_PASSWORD);
    expect(await canLogIn(account.identifier, account.password)).toBe(true);
    const failure = (await eventsOf(account.id)).find((event) => event.event === "account.password_check_failed");
    expect(failure?.details).toEqual({ action: "password_change" });
  });

  it("refuses the current password and any of the last five as the new one", async () => {
    const { account, browser } = await signedIn();
    const same = await change(browser, { currentPassword: account.password, newPassword: account.password, newPasswordConfirmation: account.password });
    expect(same.statusCode).toBe(422);
    expect(same.body).toContain("Vous avez déjà utilisé ce mot de passe récemment");

    expect((await change(browser, { currentPassword: account.password, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })).statusCode).toBe(303);
    const back = await change(browser, { currentPassword: NEW_PASSWORD, newPassword: account.password, newPasswordConfirmation: account.password });
    expect(back.statusCode).toBe(422);
    expect(back.body).toContain(
      '<a href="#champ-newPassword">Nouveau mot de passe : Vous avez déjà utilisé ce mot de passe récemment : choisissez-en un différent de vos 5 derniers mots de passe.</a>',
    );
  });

  it("applies the password policy and the confirmation to the new password", async () => {
    const { account, browser } = await signedIn({ identifier: "jeanne.regles" });
    const weak = await change(browser, { currentPassword: account.password, newPassword: "motdepasse", newPasswordConfirmation: "autre" });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain("Le formulaire contient 2 erreurs");
    expect(weak.body).toContain("Le mot de passe doit combiner au moins 3 types de caractères");
    expect(weak.body).toContain("La confirmation ne correspond pas au mot de passe.");

    const withIdentifier = await change(browser, { currentPassword: account.password, newPassword: "Xx-Jeanne.Regles-9", newPasswordConfirmation: "Xx-Jeanne.Regles-9" });
    expect(withIdentifier.body).toContain("Le mot de passe ne doit pas contenir votre identifiant.");

    const empty = await change(browser, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("Le formulaire contient 3 erreurs");
    expect(empty.body).toContain("Saisissez votre mot de passe actuel.");
    expect(empty.body).toContain("Saisissez un mot de passe.");
    expect(empty.body).toContain("Confirmez le mot de passe.");
  });

  it("never fails on huge values or repeated fields", async () => {
    const { account, browser } = await signedIn();
    const long = `Aa1!${"x".repeat(15_000)}`;
    const huge = await change(browser, { currentPassword: long, newPassword: long, newPasswordConfirmation: long });
    expect(huge.statusCode).toBe(422);
    expect(huge.body).toContain("Le mot de passe doit contenir au plus 128 caractères.");
    expect(huge.body).not.toContain("xxxxxxxxxx");
    const repeated = await change(browser, { currentPassword: [account.password, "x"], newPassword: [NEW_PASSWORD], newPasswordConfirmation: [NEW_PASSWORD, "y"] });
    expect(repeated.statusCode).toBe(303);
  });

  it("slows down someone guessing the current password, then lets the owner in again once the delay is over", async () => {
    const { account, browser } = await signedIn();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await change(browser, { currentPassword: `Essai-${attempt}-Faux`, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD });
      expect(wrong.body).toContain("Le mot de passe actuel est incorrect.");
    }
    const blocked = await change(browser, { currentPassword: account.password, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.body).toContain("Trop d&#39;essais ont échoué. Pour protéger votre compte, patientez 1 minute avant de réessayer.");
    expect((await eventsOf(account.id)).filter((event) => event.event === "account.password_check_failed")).toHaveLength(5);

    t.clock.advance(MINUTE);
    await browser.get("/mon-compte");
    const allowed = await change(browser, { currentPassword: account.password, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD });
    expect(allowed.statusCode).toBe(303);
    // The failures of this test are forgotten, so that they weigh on no other test.
    t.clock.advance(DAY);
  });

  it("escapes markup from the account's names in the notice mail", async () => {
    const { account, browser } = await signedIn({ lastName: '<img src=x onerror="alert(1)">' });
    await change(browser, { currentPassword: account.password, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD });
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.htmlBody).toContain("Bonjour Mme &lt;img src=x onerror=&quot;alert(1)&quot;&gt;,");
    expect(mail?.htmlBody).not.toContain("<img src=x");
  });
});
