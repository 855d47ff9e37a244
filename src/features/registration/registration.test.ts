import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOUR } from "../../platform/clock.ts";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { solveCaptcha } from "../../../test/captcha.ts";
import { mailsTo, tokenFromLatestMail } from "../../../test/mails.ts";

let t: TestApp;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  counter += 1;
});

function validForm(overrides: Record<string, string> = {}) {
  const id = `camille.${counter}`;
  return {
    identifier: id,
    password: "Vélo-Rouge-42",
    passwordConfirmation: "Vélo-Rouge-42",
    civility: "Mme",
    lastName: "Martin",
    firstName: "Camille",
    email: `${id}@exemple.fr`,
    emailConfirmation: `${id}@exemple.fr`,
    terms: "oui",
    ...overrides,
  };
}

async function register(browser: TestBrowser, fields: Record<string, string>) {
  await browser.get("/creer-un-compte");
  return browser.post("/creer-un-compte", { altcha: await solveCaptcha(t.app), ...fields });
}

describe("Créer un compte", () => {
  it("shows every field of the guide with its label", async () => {
    const page = (await new TestBrowser(t.app).get("/creer-un-compte")).body;
    for (const label of ["Identifiant", "Mot de passe", "Confirmation du mot de passe", "Civilité", "Nom", "Prénom", "Adresse électronique", "Confirmation de l&#39;adresse électronique", "conditions générales d&#39;utilisation", "Vérification anti-robot"])
      expect(page).toContain(label);
  });

  it("creates a pending account and mails an activation link valid 72 hours", async () => {
    const form = validForm();
    const response = await register(new TestBrowser(t.app), form);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Vérifiez votre messagerie");
    const account = await t.deps.db.selectFrom("accounts").selectAll().where("identifier", "=", form.identifier).executeTakeFirstOrThrow();
    expect(account.status).toBe("pending");
    expect(account.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const [mail] = await mailsTo(t.deps.db, form.email);
    expect(mail?.subject).toContain("Activez votre compte");
    expect(mail?.textBody).toContain("72 heures");
    const token = await t.deps.db.selectFrom("accountTokens").selectAll().where("accountId", "=", account.id).executeTakeFirstOrThrow();
    expect(token.expiresAt.getTime() - token.createdAt.getTime()).toBe(72 * HOUR);
  });

  it("comes back with status 422, the values typed (never the passwords) and a linked error summary", async () => {
    const response = await register(new TestBrowser(t.app), validForm({ lastName: "", emailConfirmation: "autre@exemple.fr" }));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("<title>Erreur : Créer un compte");
    expect(response.body).toContain('href="#champ-lastName"');
    expect(response.body).toContain('href="#champ-emailConfirmation"');
    expect(response.body).toContain("Saisissez votre nom.");
    expect(response.body).toContain("La confirmation ne correspond pas à l&#39;adresse électronique saisie.");
    expect(response.body).toContain(`value="camille.${counter}"`);
    expect(response.body).not.toContain("Vélo-Rouge-42");
  });

  it.each([
    ["identifier", "", "Saisissez un identifiant."],
    ["identifier", "ab", "de 3 à 64 caractères"],
    ["identifier", "a".repeat(65), "de 3 à 64 caractères"],
    ["identifier", "jean dupont", "de 3 à 64 caractères"],
    ["identifier", "jean@dupont", "de 3 à 64 caractères"],
    ["civility", "", "Indiquez votre civilité."],
    ["civility", "Dr", "Indiquez votre civilité."],
    ["firstName", "", "Saisissez votre prénom."],
    ["lastName", "x".repeat(101), "au plus 100 caractères"],
    ["email", "", "Saisissez votre adresse électronique."],
    ["email", "pas-une-adresse", "adresse électronique valide"],
    ["email", "a@b", "adresse électronique valide"],
    ["email", `${"a".repeat(250)}@exemple.fr`, "adresse électronique valide"],
    ["emailConfirmation", "", "Confirmez votre adresse électronique."],
    ["terms", "", "Acceptez les conditions générales d&#39;utilisation"],
  ])("refuses %s = %j", async (field, value, message) => {
    const form = validForm({ [field]: value });
    if (field === "email") form.emailConfirmation = value;
    const response = await register(new TestBrowser(t.app), form);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(message);
  });

  it.each([
    ["too short", "Ab1!xyz", "au moins 8 caractères"],
    ["too long", `Ab1!${"x".repeat(125)}`, "au plus 128 caractères"],
    ["two classes", "motdepassetreslong", "3 types de caractères"],
    ["under 50 bits", "Abcdefg1", "au moins 9"],
    ["common", "Password123!", "plus courants"],
    ["containing the identifier", "XX-IDENT-9z", "identifiant"],
  ])("refuses a password %s", async (_case, password, message) => {
    const form = validForm();
    const finalPassword = password.replace("IDENT", form.identifier);
    const response = await register(new TestBrowser(t.app), { ...form, password: finalPassword, passwordConfirmation: finalPassword });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(message);
  });

  it("refuses mismatched password confirmation", async () => {
    const response = await register(new TestBrowser(t.app), validForm({ passwordConfirmation: "Autre-Chose-42" }));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("La confirmation ne correspond pas au mot de passe.");
  });

  it("refuses a form without a solved captcha, and a captcha solution used twice", async () => {
    const browser = new TestBrowser(t.app);
    await browser.get("/creer-un-compte");
    const missing = await browser.post("/creer-un-compte", { ...validForm(), altcha: "" });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain("vérification anti-robot");

    const payload = await solveCaptcha(t.app);
    expect((await browser.post("/creer-un-compte", { ...validForm(), altcha: payload })).statusCode).toBe(200);
    counter += 1;
    await browser.get("/creer-un-compte");
    expect((await browser.post("/creer-un-compte", { ...validForm(), altcha: payload })).statusCode).toBe(422);
  });

  it("reports a missing captcha together with the other errors", async () => {
    const browser = new TestBrowser(t.app);
    await browser.get("/creer-un-compte");
    const response = await browser.post("/creer-un-compte", { ...validForm({ lastName: "" }), altcha: "" });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('href="#champ-lastName"');
    expect(response.body).toContain('href="#champ-altcha"');
  });

  it("refuses a POST without CSRF token, and one with a forged token", async () => {
    const browser = new TestBrowser(t.app);
    await browser.get("/creer-un-compte");
    const without = await browser.post("/creer-un-compte", validForm(), { csrf: null });
    expect(without.statusCode).toBe(403);
    expect(without.body).toContain("Formulaire expiré");
    const forged = await browser.post("/creer-un-compte", validForm(), { csrf: "forged-token" });
    expect(forged.statusCode).toBe(403);
    expect(await t.deps.db.selectFrom("accounts").select("id").where("identifier", "=", `camille.${counter}`).executeTakeFirst()).toBeUndefined();
  });

  it("says an identifier is taken, ignoring case", async () => {
    const form = validForm();
    await register(new TestBrowser(t.app), form);
    const again = await register(new TestBrowser(t.app), { ...form, identifier: form.identifier.toUpperCase(), email: "autre@exemple.fr", emailConfirmation: "autre@exemple.fr" });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain("Cet identifiant est déjà utilisé");
  });

  it("answers the same words for an address that already has an active account, and mails its owner instead", async () => {
    const first = validForm();
    await register(new TestBrowser(t.app), first);
    await new TestBrowser(t.app).get(`/activer-mon-compte?jeton=${await tokenFromLatestMail(t.deps.db, first.email, "/activer-mon-compte")}`);
    counter += 1;
    const second = validForm({ email: first.email.toUpperCase(), emailConfirmation: first.email });
    const response = await register(new TestBrowser(t.app), second);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Vérifiez votre messagerie");
    expect(await t.deps.db.selectFrom("accounts").select("id").where("identifier", "=", second.identifier).executeTakeFirst()).toBeUndefined();
    const [mail] = await mailsTo(t.deps.db, first.email);
    expect(mail?.subject).toContain("Vous avez déjà un compte");
    expect(mail?.textBody).toContain(first.identifier);
  });

  it("lets a new registration replace an unactivated one that used the same address", async () => {
    const first = validForm();
    await register(new TestBrowser(t.app), first);
    counter += 1;
    const second = validForm({ email: first.email, emailConfirmation: first.email });
    expect((await register(new TestBrowser(t.app), second)).statusCode).toBe(200);
    const identifiers = await t.deps.db.selectFrom("accounts").select("identifier").where("email", "=", first.email).execute();
    expect(identifiers).toEqual([{ identifier: second.identifier }]);
  });

  it("keeps one account when the same identifier is registered concurrently", async () => {
    const form = validForm();
    const other = { ...form, email: "concurrent@exemple.fr", emailConfirmation: "concurrent@exemple.fr" };
    const [a, b] = await Promise.all([register(new TestBrowser(t.app), form), register(new TestBrowser(t.app), other)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 422]);
    const rows = await t.deps.db.selectFrom("accounts").select("id").where("identifier", "=", form.identifier).execute();
    expect(rows).toHaveLength(1);
  });

  it("escapes markup typed in every text field, on the page and in the mail", async () => {
    const evil = '<script>alert("x")</script>';
    const form = validForm({ lastName: evil, firstName: evil });
    const invalid = await register(new TestBrowser(t.app), { ...form, identifier: evil });
    expect(invalid.body).not.toContain(evil);
    expect(invalid.body).toContain("&lt;script&gt;");
    await register(new TestBrowser(t.app), form);
    const [mail] = await mailsTo(t.deps.db, form.email);
    expect(mail?.htmlBody).not.toContain("<script>");
    expect(mail?.htmlBody).toContain("&lt;script&gt;");
  });

  it("never fails on bodies a browser would not send", async () => {
    const browser = new TestBrowser(t.app);
    await browser.get("/creer-un-compte");
    const arrays = await browser.post("/creer-un-compte", { identifier: ["a", "b"], password: ["x"], terms: ["oui", "non"] });
    expect(arrays.statusCode).toBe(422);
    const huge = await browser.post("/creer-un-compte", { lastName: "x".repeat(60_000) });
    expect([413, 422]).toContain(huge.statusCode);
    const json = await t.app.inject({ method: "POST", url: "/creer-un-compte", payload: { identifier: 12 }, headers: { cookie: "" } });
    expect(json.statusCode).toBeLessThan(500);
  });
});

describe("Activation", () => {
  async function registered() {
    const form = validForm();
    await register(new TestBrowser(t.app), form);
    return { form, token: await tokenFromLatestMail(t.deps.db, form.email, "/activer-mon-compte") };
  }

  it("activates the account once, then explains the link was used", async () => {
    const { form, token } = await registered();
    const browser = new TestBrowser(t.app);
    const first = await browser.get(`/activer-mon-compte?jeton=${token}`);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe("/connexion");
    expect((await browser.get("/connexion")).body).toContain("Votre compte est activé");
    const account = await t.deps.db.selectFrom("accounts").select("status").where("identifier", "=", form.identifier).executeTakeFirstOrThrow();
    expect(account.status).toBe("active");
    const second = await browser.get(`/activer-mon-compte?jeton=${token}`);
    expect(second.statusCode).toBe(410);
    expect(second.body).toContain("déjà été utilisé");
  });

  it("refuses a link after 72 hours and offers a new one, which works", async () => {
    const { form, token } = await registered();
    t.clock.advance(72 * HOUR + 1);
    const expired = await new TestBrowser(t.app).get(`/activer-mon-compte?jeton=${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain("a expiré");
    expect(expired.body).toContain('action="/activer-mon-compte/nouveau-lien"');

    const browser = new TestBrowser(t.app);
    const resent = await browser.submit("/activer-mon-compte/nouveau-lien", { login: form.identifier });
    expect(resent.body).toContain("Si un compte en attente d&#39;activation correspond");
    const fresh = await tokenFromLatestMail(t.deps.db, form.email, "/activer-mon-compte");
    expect(fresh).not.toBe(token);
    expect((await browser.get(`/activer-mon-compte?jeton=${fresh}`)).statusCode).toBe(303);
  });

  it("answers the same words when asking a new link for an unknown account, and sends nothing", async () => {
    const before = await t.deps.db.selectFrom("mails").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    const response = await new TestBrowser(t.app).submit("/activer-mon-compte/nouveau-lien", { login: "personne@nulle-part.fr" });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Si un compte en attente d&#39;activation correspond");
    const after = await t.deps.db.selectFrom("mails").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("rejects forged and malformed tokens without error", async () => {
    for (const token of ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "", "<script>", "x".repeat(5000)]) {
      const response = await new TestBrowser(t.app).get(`/activer-mon-compte?jeton=${encodeURIComponent(token)}`);
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain("n&#39;est pas valide");
    }
  });

  it("stores only the SHA-256 of tokens", async () => {
    const { token } = await registered();
    const rows = await t.deps.db.selectFrom("accountTokens").select("tokenHash").execute();
    expect(rows.some((row) => row.tokenHash === token)).toBe(false);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.tokenHash))).toBe(true);
  });
});
