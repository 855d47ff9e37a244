import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { credentialsFromPdf, latestPartnerLetter, partnerForm } from "../../../test/partner-letters.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { DAY, MINUTE } from "../../platform/clock.ts";
import { findAccountById } from "../../core/accounts/queries/accounts.ts";

const CHOSEN = "Bailleur-Choisi-2026!";

describe("partner accounts created by an operator (seed 004)", () => {
  let t: TestApp;
  let admin: TestBrowser;
  let adminAccount: Awaited<ReturnType<typeof buildAccount>>;
  beforeAll(async () => {
    t = await createTestApp();
    adminAccount = await buildAccount(t.deps.db, { role: "platform_admin" });
    admin = new TestBrowser(t.app);
    await logInAs(admin, adminAccount);
  });
  afterAll(() => t.close());

  /** Creates the account on the admin page, renders its letter and reads it from the PDF. */
  async function createOnAdminPage(overrides: Record<string, string> = {}) {
    const form = partnerForm(overrides);
    // A fresh session: tests move the clock past the idle timeout.
    admin = new TestBrowser(t.app);
    await logInAs(admin, adminAccount);
    await admin.get("/administration/comptes-partenaires");
    const created = await admin.post("/administration/comptes-partenaires", form);
    expect(created.statusCode, created.body).toBe(200);
    await runWaitingJobs(t, "generate-letter");
    const letter = await latestPartnerLetter(t.deps.db, form.userNumber.toUpperCase());
    if (!letter?.pdf) throw new Error("no letter");
    const read = await credentialsFromPdf(letter.pdf);
    const account = await t.deps.db.selectFrom("accounts").selectAll().where("userNumber", "=", form.userNumber.toUpperCase()).executeTakeFirstOrThrow();
    return { form, created, letter, read, account };
  }

  it("is reached from the administration page, for platform admins only", async () => {
    expect((await admin.get("/administration")).body).toContain('<a href="/administration/comptes-partenaires">Comptes partenaires</a>');
    const page = await admin.get("/administration/comptes-partenaires");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Comptes partenaires</h1>");
    expect((await new TestBrowser(t.app).get("/administration/comptes-partenaires")).headers.location).toBe("/connexion?retour=%2Fadministration%2Fcomptes-partenaires");
    const { browser: other } = await (async () => {
      const person = await buildAccount(t.deps.db);
      const browser = new TestBrowser(t.app);
      await logInAs(browser, person);
      return { browser };
    })();
    expect((await other.get("/administration/comptes-partenaires")).statusCode).toBe(404);
    expect((await other.post("/administration/comptes-partenaires", partnerForm())).statusCode).toBe(404);
  });

  it("creates the account with a LOG identifier and posts the identifier and a 30-day temporary password, shown nowhere else", async () => {
    const before = t.clock.now().getTime();
    const { form, created, letter, read, account } = await createOnAdminPage();
    expect(account).toMatchObject({ kind: "partner", status: "active", mustChangePassword: true, civility: "Mme", lastName: "Lambert", postalCommune: "Prades" });
    expect(account.identifier).toMatch(/^LOG\d{6}[A-HJKMNP-Z]$/);
    expect(account.temporaryPasswordExpiresAt!.getTime() - before).toBeGreaterThanOrEqual(30 * DAY);
    expect(account.temporaryPasswordExpiresAt!.getTime() - before).toBeLessThan(30 * DAY + MINUTE);
    expect(account.postalPasswordLetterId).toBe(letter.id);
    expect(created.body).toContain(`<strong>${account.identifier}</strong>`);
    expect(created.body).not.toContain(read.password ?? "no password");

    // The letter goes to the postal address on record, with the identifier and the password.
    expect(letter).toMatchObject({ recipientName: "Mme Odile Lambert", recipientComplement: "Résidence Les Tilleuls", recipientStreet: "12 rue des Lilas", recipientPostalCode: "66500", status: "generated" });
    expect(read.identifier).toBe(account.identifier);
    expect(read.password).toMatch(/^\S{14}$/);
    expect(read.text).toContain(`numéro utilisateur ${form.userNumber.toUpperCase()}`);
    const events = await t.deps.db.selectFrom("auditEvents").select(["event", "details"]).where("accountId", "=", account.id).execute();
    expect(events).toEqual([{ event: "account.created_by_admin", details: expect.objectContaining({ kind: "partner", via: "admin", letterId: letter.id }) }]);
    // The outbox lists it for printing.
    expect((await admin.get("/administration/courriers")).body).toContain("Votre compte partenaire : identifiant et mot de passe provisoire");
  });

  it("opens at the first login with the posted password, typed however, and forces the choice of a password", async () => {
    const { read, account } = await createOnAdminPage();
    const digits = account.identifier.slice(3, 9);
    // "log 012 345 u", the zeros typed as the letter O.
    const typed = `log ${digits.slice(0, 3)} ${digits.slice(3)} ${account.identifier.slice(-1).toLowerCase()}`.replace(/0/g, "o");
    const browser = new TestBrowser(t.app);
    await browser.get("/connexion");
    const login = await browser.post("/connexion", { login: typed, password: read.password ?? "" });
    expect(login.statusCode, login.body).toBe(303);
    expect(login.headers.location).toBe("/mot-de-passe-temporaire");
    const page = await browser.get("/mot-de-passe-temporaire");
    expect(page.body).toContain("Vous vous êtes connecté avec le mot de passe provisoire reçu par courrier.");
    expect((await browser.get("/mon-compte")).headers.location).toBe("/mot-de-passe-temporaire");
    const chosen = await browser.post("/mot-de-passe-temporaire", { newPassword: CHOSEN, newPasswordConfirmation: CHOSEN });
    expect(chosen.headers.location).toBe("/mon-compte");
    expect((await browser.get("/mon-compte")).statusCode).toBe(200);
    expect(await findAccountById(t.deps.db, account.id)).toMatchObject({ mustChangePassword: false, temporaryPasswordExpiresAt: null });

    // Other spellings of the same identifier open it too.
    for (const variant of [account.identifier.toLowerCase(), `${account.identifier.slice(0, 3)}-${digits}-${account.identifier.slice(-1)}`, ` ${account.identifier.split("").join(" ")} `]) {
      const other = new TestBrowser(t.app);
      await other.get("/connexion");
      expect((await other.post("/connexion", { login: variant, password: CHOSEN })).headers.location, variant).toBe("/tableau-de-bord");
    }
  });

  it("refuses a wrong check letter at login and at password reset, saying so without looking anything up", async () => {
    const { account, read } = await createOnAdminPage();
    const letter = account.identifier.slice(-1);
    const wrong = `${account.identifier.slice(0, -1)}${letter === "A" ? "B" : "A"}`;
    const browser = new TestBrowser(t.app);
    await browser.get("/connexion");
    const login = await browser.post("/connexion", { login: wrong, password: read.password ?? "" });
    expect(login.statusCode).toBe(422);
    expect(login.body).toContain("Cet identifiant n&#39;est pas valide : vérifiez la dernière lettre.");
    expect(login.body).toContain(`value="${wrong}"`);
    // The same words for an identifier nobody has: a format check, not an existence check.
    const nobody = await browser.post("/connexion", { login: "LOG000000B", password: "x" });
    expect(nobody.body).toContain("Cet identifiant n&#39;est pas valide : vérifiez la dernière lettre.");
    const failures = await t.deps.db.selectFrom("auditEvents").select("event").where("accountId", "=", account.id).where("event", "=", "account.login_failed").execute();
    expect(failures).toEqual([]);

    await browser.get("/recuperer-mes-informations");
    const reset = await browser.post("/recuperer-mes-informations/mot-de-passe", { login: wrong });
    expect(reset.statusCode).toBe(422);
    expect(reset.body).toContain("Cet identifiant n&#39;est pas valide : vérifiez la dernière lettre.");
    // Typed loosely but right, the reset link is mailed.
    const loose = await browser.post("/recuperer-mes-informations/mot-de-passe", { login: account.identifier.toLowerCase().replace(/0/g, "o") });
    expect(loose.statusCode).toBe(200);
    await runWaitingJobs(t, "recovery-mail");
    const mails = await t.deps.db.selectFrom("mails").select("subject").where("toAddress", "=", account.email).execute();
    expect(mails.map((mail) => mail.subject)).toContain("Réinitialisation de votre mot de passe - Guichet");
  });

  it("stops opening the account with the posted password after 30 days, and says what to do", async () => {
    const { read, account } = await createOnAdminPage();
    t.clock.advance(30 * DAY - MINUTE);
    const browser = new TestBrowser(t.app);
    await browser.get("/connexion");
    expect((await browser.post("/connexion", { login: account.identifier, password: read.password ?? "" })).headers.location).toBe("/mot-de-passe-temporaire");
    t.clock.advance(2 * MINUTE);
    const late = new TestBrowser(t.app);
    await late.get("/connexion");
    const refused = await late.post("/connexion", { login: account.identifier, password: read.password ?? "" });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("Ce mot de passe provisoire a expiré : il n&#39;était valable que 30 jours.");
  });

  it("refuses bad input with the form kept, a taken user number and a taken address", async () => {
    admin = new TestBrowser(t.app);
    await logInAs(admin, adminAccount);
    await admin.get("/administration/comptes-partenaires");
    const bad = await admin.post("/administration/comptes-partenaires", partnerForm({ civility: "Dr", lastName: "", email: "pas-une-adresse", userNumber: "N° 12é", postalStreet: "", postalCode: "665", postalCommune: "Prades" }));
    expect(bad.statusCode).toBe(422);
    for (const message of [
      "La civilité doit être « M. » ou « Mme ».",
      "Saisissez le nom.",
      "L&#39;adresse électronique n&#39;est pas valide",
      "Le numéro utilisateur doit contenir de 1 à 20 lettres sans accent ou chiffres.",
      "Le numéro et le libellé de la voie sont obligatoires.",
      "Le code postal doit comporter 5 chiffres.",
    ])
      expect(bad.body).toContain(message);
    expect(bad.body).toContain('value="Prades"');

    const { form } = await createOnAdminPage();
    await admin.get("/administration/comptes-partenaires");
    const sameNumber = await admin.post("/administration/comptes-partenaires", partnerForm({ userNumber: ` ${form.userNumber.toLowerCase()} ` }));
    expect(sameNumber.statusCode).toBe(422);
    expect(sameNumber.body).toContain(`Le numéro utilisateur ${form.userNumber.toUpperCase()} a déjà un compte partenaire.`);
    await admin.get("/administration/comptes-partenaires");
    const sameEmail = await admin.post("/administration/comptes-partenaires", partnerForm({ email: form.email.toUpperCase() }));
    expect(sameEmail.statusCode).toBe(422);
    expect(sameEmail.body).toContain("Un compte existe déjà avec l&#39;adresse");
    // The list shows the accounts created.
    expect((await admin.get("/administration/comptes-partenaires")).body).toContain(form.userNumber.toUpperCase());
  });

  it("shows at once, on the next page, what the person changes (seed 004: no need to log out and in)", async () => {
    const { read, account } = await createOnAdminPage();
    const browser = new TestBrowser(t.app);
    await browser.get("/connexion");
    await browser.post("/connexion", { login: account.identifier, password: read.password ?? "" });
    await browser.get("/mot-de-passe-temporaire");
    await browser.post("/mot-de-passe-temporaire", { newPassword: CHOSEN, newPasswordConfirmation: CHOSEN });
    expect((await browser.get("/mon-compte")).body).toContain("Mon compte (Odile Lambert)");

    await browser.get("/mon-compte/mes-informations");
    const saved = await browser.post("/mon-compte/mes-informations", { civility: "Mme", lastName: "Lambert-Roux", firstName: "Odette" });
    expect(saved.headers.location).toBe("/mon-compte");
    const after = await browser.get("/mon-compte");
    expect(after.body).toContain("Mon compte (Odette Lambert-Roux)");
    expect(after.body).toContain("<dd>Lambert-Roux</dd>");
    // A partner sees the user number and the address their letters go to.
    expect(after.body).toContain(`<dt>Numéro utilisateur</dt><dd>${account.userNumber}</dd>`);
    expect(after.body).toContain("<dd>Résidence Les Tilleuls<br/>12 rue des Lilas<br/>66500 Prades</dd>");
    expect((await browser.get("/tableau-de-bord")).body).toContain("Mon compte (Odette Lambert-Roux)");

    // The address: confirmed by its link, then shown on the next page.
    await browser.get("/mon-compte/adresse-electronique");
    await browser.post("/mon-compte/adresse-electronique", { newEmail: "odette.nouvelle@exemple.fr", newEmailConfirmation: "odette.nouvelle@exemple.fr", password: CHOSEN });
    const token = await t.deps.db.selectFrom("mails").select("textBody").where("toAddress", "=", "odette.nouvelle@exemple.fr").executeTakeFirstOrThrow();
    const link = /\/mon-compte\/confirmer-adresse-electronique\?jeton=[a-z2-7]+/.exec(token.textBody)?.[0] ?? "";
    await browser.get(link);
    expect((await browser.get("/mon-compte")).body).toContain("<dd>odette.nouvelle@exemple.fr</dd>");

    // The organisation acted for: the header names the new one on the very next page.
    const first = await buildOrganisation(t.deps.db, { name: "SCI LES TILLEULS" });
    const second = await buildOrganisation(t.deps.db, { name: "SCI DU CANIGOU" });
    await addMember(t.deps.db, first, account);
    await addMember(t.deps.db, second, account);
    await browser.get("/structures");
    const switched = await browser.post(`/structures/${second.id}/choisir`, {});
    expect(switched.headers.location).toBe("/tableau-de-bord");
    const dashboard = await browser.get("/tableau-de-bord");
    expect(dashboard.body).toContain("SCI DU CANIGOU");
    await browser.post(`/structures/${first.id}/choisir`, {});
    const back = await browser.get("/mon-compte");
    expect(back.body).toContain("SCI LES TILLEULS");
    expect(back.body).not.toContain("SCI DU CANIGOU");
  });
});
