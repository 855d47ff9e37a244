import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, TestBrowser, type TestApp } from "../../../test/app.ts";
import { solveCaptcha } from "../../../test/captcha.ts";
import { mailsTo } from "../../../test/mails.ts";
import { credentialsFromPdf, partnerForm } from "../../../test/partner-letters.ts";
import { HOUR } from "../../platform/clock.ts";
import { countRecoveryMail } from "../../core/accounts/queries/recovery.ts";
import { createPartnerAccount } from "./create-partner-account.ts";
import { REQUESTS_PER_IP_PER_HOUR } from "./request-lost-identifier.ts";
import { LETTERS_PER_30_DAYS } from "./send-lost-identifier.ts";

const CHOSEN = "Bailleur-Choisi-2026!";

describe("« Identifiant perdu » of partner accounts (seed 004)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function partner() {
    const form = partnerForm();
    const created = await createPartnerAccount(t.deps, form, { via: "cli" });
    await runWaitingJobs(t, "generate-letter");
    const letter = await t.deps.db.selectFrom("letters").selectAll().where("id", "=", created.letterId).executeTakeFirstOrThrow();
    const read = await credentialsFromPdf(letter.pdf!);
    return { ...created, form, firstPassword: read.password ?? "" };
  }

  async function ask(browser: TestBrowser, numero: string, canal: "courriel" | "courrier") {
    await browser.get("/identifiant-perdu");
    return browser.post("/identifiant-perdu", { numero, canal, altcha: await solveCaptcha(t.app) });
  }

  async function logIn(login: string, password: string) {
    const browser = new TestBrowser(t.app);
    await browser.get("/connexion");
    return browser.post("/connexion", { login, password });
  }

  const lettersOf = (userNumber: string) =>
    t.deps.db.selectFrom("letters").selectAll().where("reference", "=", `Utilisateur ${userNumber}`).orderBy("createdAt").execute();
  const eventsOf = (accountId: string) =>
    t.deps.db.selectFrom("auditEvents").select(["event", "details"]).where("accountId", "=", accountId).where("event", "=", "account.partner_identifier_requested").orderBy("id").execute();

  it("is linked from the login page and asks for the user number, the way to receive it and the captcha, warning about letters", async () => {
    expect((await t.app.inject("/connexion")).body).toContain('<a href="/identifiant-perdu">Identifiant perdu');
    const page = await t.app.inject("/identifiant-perdu");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Identifiant perdu</h1>");
    expect(page.body).toContain('for="champ-numero">Numéro utilisateur');
    expect(page.body).toContain("Par courriel, à l&#39;adresse électronique de mon compte");
    expect(page.body).toContain("Par courrier, à l&#39;adresse postale connue de votre organisme");
    expect(page.body).toContain("le mot de passe de tout courrier précédent ne");
    expect(page.body).toContain("altcha-widget");
  });

  it("refuses an empty number, an identifier typed instead, a missing captcha", async () => {
    const browser = new TestBrowser(t.app);
    await browser.get("/identifiant-perdu");
    const empty = await browser.post("/identifiant-perdu", { numero: "", canal: "courriel", altcha: "" });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("Saisissez votre numéro utilisateur.");
    const identifier = await browser.post("/identifiant-perdu", { numero: "log 012345 u", canal: "courriel", altcha: "" });
    expect(identifier.statusCode).toBe(422);
    expect(identifier.body).toContain("Vous avez saisi un identifiant (LOG…)");
    const noCaptcha = await browser.post("/identifiant-perdu", { numero: "B1234", canal: "courriel", altcha: "" });
    expect(noCaptcha.statusCode).toBe(422);
    expect(noCaptcha.body).toContain("La vérification anti-robot n&#39;a pas abouti");
    expect(noCaptcha.body).toContain('value="B1234"');
    const hostile = await browser.post("/identifiant-perdu", { numero: "B1234", canal: "pigeon", altcha: "x" });
    expect(hostile.statusCode).toBe(422);
    expect(hostile.body).toContain("Choisissez comment recevoir votre identifiant.");
  });

  it("mails the identifier, and answers a number nobody has with the same page", async () => {
    const account = await partner();
    const browser = new TestBrowser(t.app);
    const known = await ask(browser, ` ${account.userNumber.toLowerCase()} `, "courriel");
    const unknown = await ask(browser, "ZZ999999", "courriel");
    expect(known.statusCode).toBe(200);
    const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, "");
    expect(strip(unknown.body)).toBe(strip(known.body));
    expect(known.body).toContain("Si un compte partenaire correspond à ce numéro utilisateur, un courriel vient d&#39;être envoyé");

    expect(await runWaitingJobs(t, "partner-identifier")).toBe(2);
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.subject).toBe("Votre identifiant de compte partenaire - Guichet");
    expect(mail?.textBody).toContain(account.identifier);
    expect(mail?.textBody).not.toContain(account.firstPassword);
    expect(await eventsOf(account.id)).toEqual([{ event: "account.partner_identifier_requested", details: { channel: "mail", found: true, sent: true } }]);
    const unknownEvent = await t.deps.db.selectFrom("auditEvents").select("details").where("event", "=", "account.partner_identifier_requested").where("accountId", "is", null).execute();
    expect(unknownEvent).toEqual([{ details: { channel: "mail", found: false } }]);
    // The password was left alone.
    expect((await logIn(account.identifier, account.firstPassword)).headers.location).toBe("/mot-de-passe-temporaire");
  });

  it("posts, to an account that never chose a password, the identifier with a new temporary password that cancels the previous letter's", async () => {
    const account = await partner();
    const browser = new TestBrowser(t.app);
    const sent = await ask(browser, account.userNumber, "courrier");
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain("un courrier sera envoyé à l&#39;adresse postale connue de votre organisme");
    expect(sent.body).toContain("Le mot de passe d&#39;un courrier précédent ne fonctionne plus</strong>");

    await runWaitingJobs(t, "partner-identifier");
    await runWaitingJobs(t, "generate-letter");
    const [first, second] = await lettersOf(account.userNumber);
    // The first letter had not left yet: it is cancelled, so nobody posts a dead password.
    expect(first).toMatchObject({ id: account.letterId, status: "cancelled" });
    expect(second).toMatchObject({ status: "generated", subject: "Votre identifiant de compte partenaire", recipientStreet: "12 rue des Lilas" });
    const read = await credentialsFromPdf(second!.pdf!);
    expect(read.identifier).toBe(account.identifier);
    expect(read.password).toMatch(/^\S{14}$/);
    expect(read.password).not.toBe(account.firstPassword);
    expect(read.text.replace(/\s+/g, " ")).toContain("remplace celui de tout courrier précédent, qui ne fonctionne plus");

    // The first letter's password is refused, with the reason (seed 004: no confusion between the two letters).
    const old = await logIn(account.identifier, account.firstPassword);
    expect(old.statusCode).toBe(422);
    expect(old.body).toContain("Ce mot de passe provisoire a été remplacé par celui d&#39;un courrier plus récent");
    const failure = await t.deps.db.selectFrom("auditEvents").select("details").where("accountId", "=", account.id).where("event", "=", "account.login_failed").executeTakeFirstOrThrow();
    expect(failure.details).toEqual({ reason: "replaced_letter_password" });
    // Any other wrong password gets the usual words.
    expect((await logIn(account.identifier, "Pas-le-bon-2026!")).body).toContain("Identifiant ou mot de passe incorrect.");
    expect((await logIn(account.identifier, read.password!)).headers.location).toBe("/mot-de-passe-temporaire");
    const [event] = await eventsOf(account.id);
    expect(event?.details).toMatchObject({ channel: "post", found: true, sent: true, newTemporaryPassword: true, previousLetterCancelled: true, letterId: second!.id });
  });

  it("posts only the identifier once the owner has chosen a password, which keeps working", async () => {
    const account = await partner();
    const browser = new TestBrowser(t.app);
    await browser.get("/connexion");
    await browser.post("/connexion", { login: account.identifier, password: account.firstPassword });
    await browser.get("/mot-de-passe-temporaire");
    await browser.post("/mot-de-passe-temporaire", { newPassword: CHOSEN, newPasswordConfirmation: CHOSEN });
    // The first letter was posted meanwhile.
    await t.deps.db.updateTable("letters").set({ status: "posted", postedAt: t.clock.now() }).where("id", "=", account.letterId).execute();

    await ask(new TestBrowser(t.app), account.userNumber, "courrier");
    await runWaitingJobs(t, "partner-identifier");
    await runWaitingJobs(t, "generate-letter");
    const letters = await lettersOf(account.userNumber);
    expect(letters.map((letter) => letter.status)).toEqual(["posted", "generated"]);
    const read = await credentialsFromPdf(letters[1]!.pdf!);
    expect(read.identifier).toBe(account.identifier);
    expect(read.password).toBeNull();
    expect(read.text.replace(/\s+/g, " ")).toContain("Votre mot de passe n'a pas changé.");
    expect((await logIn(account.identifier, CHOSEN)).headers.location).toBe("/tableau-de-bord");
  });

  it("sends at most 3 letters per account in 30 days, and asks a visitor who asks too often to wait", async () => {
    const account = await partner();
    const browser = new TestBrowser(t.app);
    for (let i = 0; i < LETTERS_PER_30_DAYS + 1; i++) expect((await ask(browser, account.userNumber, "courrier")).statusCode).toBe(200);
    await runWaitingJobs(t, "partner-identifier");
    // The first letter and three answers: the fourth request changed nothing.
    expect(await lettersOf(account.userNumber)).toHaveLength(1 + LETTERS_PER_30_DAYS);
    expect((await eventsOf(account.id)).map((event) => event.details.sent)).toEqual([true, true, true, false]);

    // Ten requests from one address within the hour, then a wait.
    const visitor = new TestBrowser(t.app);
    for (let i = 0; i < REQUESTS_PER_IP_PER_HOUR; i++) await countRecoveryMail(t.deps.db, `partner-identifier-ip:${visitor.ip}`, t.clock.now(), HOUR);
    const refused = await ask(visitor, account.userNumber, "courriel");
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("Trop de demandes ont été faites depuis votre connexion : réessayez dans une heure.");
    expect(await runWaitingJobs(t, "partner-identifier")).toBe(0);
    t.clock.advance(HOUR + 1000);
    expect((await ask(visitor, account.userNumber, "courriel")).statusCode).toBe(200);
  });
});
