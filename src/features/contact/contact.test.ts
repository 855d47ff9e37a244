import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { solveCaptcha, waitTokenIn } from "../../../test/captcha.ts";
import { mailsTo } from "../../../test/mails.ts";
import { formatRequestNumber, generateRequestNumber, REQUEST_NUMBER_MESSAGES } from "../../platform/request-numbers/request-numbers.ts";
import { buildPdf, buildWindowsExecutable } from "../../platform/uploads/test-files.ts";
import { uploadsDirectory } from "../../platform/uploads/uploads.ts";
import { QUESTIONS_PER_ADDRESS_PER_HOUR, QUESTIONS_PER_EMAIL_PER_DAY } from "./policies.ts";
import { sendQuestion } from "./send-question.ts";

type Fields = Record<string, string | { name: string; content: Buffer }>;

/** Posts a form as the browser sends a multipart one (token first, then the fields in order). */
export async function postMultipart(t: TestApp, browser: TestBrowser, url: string, fields: Fields) {
  const boundary = "----guichet-contact-test";
  const parts: Buffer[] = [];
  const all: Fields = { _csrf: browser.csrfToken(), ...fields };
  for (const [name, value] of Object.entries(all)) {
    if (typeof value === "string") parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    else parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), value.content, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
  const response = await t.app.inject({ method: "POST", url, remoteAddress: browser.ip, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
  if (response.headers["content-type"]?.toString().startsWith("text/html")) browser.lastPage = response.body;
  return response;
}

const questionsFrom = (t: TestApp, email: string) => t.deps.db.selectFrom("supportQuestions").selectAll().where("email", "=", email).orderBy("createdAt").execute();

async function filesIn(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe("Posez-nous votre question (/contact)", () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "guichet-contact-"));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("asks a visitor for a topic, an optional request number, the question, their name and address and the captcha, without a file field", async () => {
    const page = await new TestBrowser(t.app).get("/contact");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Posez-nous votre question</h1>");
    for (const name of ["sujet", "numero", "message", "nom", "courriel"]) expect(page.body).toContain(`name="${name}"`);
    expect(page.body).toContain("altcha-widget");
    expect(page.body).not.toContain('type="file"');
    expect(page.body).not.toContain("multipart/form-data");
    // No phone number invented: the only one is the footer's configured help channel.
    const main = page.body.slice(page.body.indexOf("<main"), page.body.indexOf("</main>"));
    expect(main).not.toMatch(/\b0\d( ?\d\d){4}\b/);
  });

  it("takes a visitor's question with a solved captcha: the reference, what happens next, and the acknowledgement mail", async () => {
    const browser = new TestBrowser(t.app);
    await browser.get("/contact");
    const response = await browser.post("/contact", { sujet: "compte", numero: "", message: "Je n'arrive pas à me connecter.", nom: "Lina Haddad", courriel: "lina.haddad@exemple.fr", altcha: await solveCaptcha(t.app) });
    expect(response.statusCode).toBe(303);
    const [question] = await questionsFrom(t, "lina.haddad@exemple.fr");
    expect(question).toMatchObject({ topic: "compte", status: "new", name: "Lina Haddad", accountId: null, requestNumber: null, body: "Je n'arrive pas à me connecter." });
    expect(response.headers.location).toBe(`/contact/envoye?reference=${question!.reference}`);
    const sent = await browser.get(response.headers.location as string);
    expect(sent.body).toContain(question!.reference);
    expect(sent.body).toContain("Et maintenant ?");
    const [mail] = await mailsTo(t.deps.db, "lina.haddad@exemple.fr");
    expect(mail?.subject).toContain(`Nous avons bien reçu votre question (${question!.reference})`);
    expect(mail?.textBody).toContain("Bonjour Lina Haddad,");
    const audit = await t.deps.db.selectFrom("auditEvents").select(["event"]).where("event", "=", "support.question_received").execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("takes a visitor's question without JavaScript, with the page's short wait token once the wait is over", async () => {
    const browser = new TestBrowser(t.app);
    await browser.get("/contact");
    const token = waitTokenIn(browser.lastPage);
    t.clock.advance(10_000);
    const response = await browser.post("/contact", { sujet: "autre", numero: "", message: "Sans JavaScript.", nom: "Noé Petit", courriel: "noe.petit@exemple.fr", altcha: token });
    expect(response.statusCode).toBe(303);
    expect(await questionsFrom(t, "noe.petit@exemple.fr")).toHaveLength(1);
  });

  it("refuses a visitor's question without the captcha, or with fields missing, keeping what was typed", async () => {
    const browser = new TestBrowser(t.app);
    await browser.get("/contact");
    const noCaptcha = await browser.post("/contact", { sujet: "documents", numero: "", message: "Quelle pièce <b>fournir</b> ?", nom: "Lou Marchand", courriel: "lou@exemple.fr", altcha: "" });
    expect(noCaptcha.statusCode).toBe(422);
    expect(noCaptcha.body).toContain('href="#champ-altcha"');
    expect(noCaptcha.body).toContain("Quelle pièce &lt;b&gt;fournir&lt;/b&gt; ?");
    expect(noCaptcha.body).toContain('value="Lou Marchand"');
    const empty = await browser.post("/contact", { sujet: "", numero: "", message: "", nom: "", courriel: "pas-une-adresse", altcha: "" });
    expect(empty.statusCode).toBe(422);
    for (const message of ["Choisissez le sujet de votre question.", "Saisissez votre question.", "Saisissez votre nom et votre prénom.", "Saisissez une adresse électronique valide"]) expect(empty.body).toContain(message);
    const hostile = await browser.post("/contact", { sujet: "pirate", numero: "x".repeat(41), message: "m", nom: "n", courriel: "a@b.fr", altcha: "x" });
    expect(hostile.statusCode).toBe(422);
    expect(await questionsFrom(t, "lou@exemple.fr")).toHaveLength(0);
  });

  it("checks a request number with its key: a wrong key gets a clear French message, a right one is kept", async () => {
    const { account, browser } = await signedInAccount(t);
    await browser.get("/contact");
    const number = generateRequestNumber("LS");
    const wrong = number.slice(0, 17) + (number.endsWith("A") ? "B" : "A");
    const refused = await postMultipart(t, browser, "/contact", { sujet: "demande", numero: formatRequestNumber(wrong), message: "Où en est ma demande ?" });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(REQUEST_NUMBER_MESSAGES.key.replace("'", "&#39;"));
    expect(refused.body).toContain(`value="${formatRequestNumber(wrong)}"`);
    expect(refused.body).toContain("Où en est ma demande ?");
    const accepted = await postMultipart(t, browser, "/contact", { sujet: "demande", numero: formatRequestNumber(number).toLowerCase(), message: "Où en est ma demande ?" });
    expect(accepted.statusCode).toBe(303);
    const [question] = await questionsFrom(t, account.email);
    expect(question?.requestNumber).toBe(number);
  });

  it("lets a signed-in person write without name, address or captcha, with a file checked by its content", async () => {
    const { account, browser } = await signedInAccount(t, { firstName: "Inès", lastName: "Roux" });
    const page = await browser.get("/contact");
    expect(page.body).toContain("multipart/form-data");
    expect(page.body).not.toContain("altcha-widget");
    expect(page.body).not.toContain('name="courriel"');
    expect(page.body).toContain("Inès");
    const response = await postMultipart(t, browser, "/contact", { sujet: "documents", numero: "", message: "Voici mon avis d'imposition.", "piece-jointe": { name: "avis.pdf", content: await buildPdf() } });
    expect(response.statusCode).toBe(303);
    const [question] = await questionsFrom(t, account.email);
    expect(question).toMatchObject({ accountId: account.id, name: "Inès Roux", topic: "documents" });
    expect(question?.uploadId).not.toBeNull();
    const upload = await t.deps.db.selectFrom("uploads").selectAll().where("id", "=", question!.uploadId!).executeTakeFirstOrThrow();
    expect(upload).toMatchObject({ originalName: "avis.pdf", detectedType: "pdf" });
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.textBody).toContain("Mes questions");
  });

  it("refuses an attachment of the wrong type (a program named .pdf) and keeps nothing of it", async () => {
    const { account, browser } = await signedInAccount(t);
    await browser.get("/contact");
    const before = await filesIn(uploadsDirectory(t.deps));
    const response = await postMultipart(t, browser, "/contact", { sujet: "documents", numero: "", message: "Mon document.", "piece-jointe": { name: "facture.pdf", content: buildWindowsExecutable() } });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Ce fichier est un programme, pas un document");
    expect(response.body).toContain('href="#champ-piece-jointe"');
    expect(response.body).toContain("Mon document.");
    expect(await questionsFrom(t, account.email)).toHaveLength(0);
    expect(await filesIn(uploadsDirectory(t.deps))).toEqual(before);
  });

  it(`throttles one address after ${QUESTIONS_PER_ADDRESS_PER_HOUR} questions an hour: a 429 page with everything typed kept, the accepted ones all stored and mailed`, async () => {
    const { account, browser } = await signedInAccount(t);
    for (let index = 1; index <= QUESTIONS_PER_ADDRESS_PER_HOUR; index++) {
      await browser.get("/contact");
      expect((await postMultipart(t, browser, "/contact", { sujet: "autre", numero: "", message: `Question ${index}` })).statusCode).toBe(303);
    }
    await browser.get("/contact");
    const throttled = await postMultipart(t, browser, "/contact", { sujet: "autre", numero: "", message: "Une question de trop" });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers["retry-after"]).toBe("3600");
    expect(throttled.body).toContain("Trop de questions ont été envoyées depuis votre connexion internet");
    expect(throttled.body).toContain("Une question de trop");
    expect(await questionsFrom(t, account.email)).toHaveLength(QUESTIONS_PER_ADDRESS_PER_HOUR);
    expect(await mailsTo(t.deps.db, account.email)).toHaveLength(QUESTIONS_PER_ADDRESS_PER_HOUR);
    // An hour later the address may write again.
    t.clock.advance(61 * 60_000);
    const again = new TestBrowser(t.app, { ip: browser.ip });
    await logInAs(again, account);
    await again.get("/contact");
    expect((await postMultipart(t, again, "/contact", { sujet: "autre", numero: "", message: "Une heure après" })).statusCode).toBe(303);
  });

  it("keeps the limit when questions from one address arrive at the same time", async () => {
    const { account, browser } = await signedInAccount(t);
    await browser.get("/contact");
    const responses = await Promise.all(Array.from({ length: QUESTIONS_PER_ADDRESS_PER_HOUR + 3 }, (_, index) => postMultipart(t, browser, "/contact", { sujet: "autre", numero: "", message: `En même temps ${index}` })));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([...Array<number>(QUESTIONS_PER_ADDRESS_PER_HOUR).fill(303), 429, 429, 429]);
    expect(await questionsFrom(t, account.email)).toHaveLength(QUESTIONS_PER_ADDRESS_PER_HOUR);
  });

  it(`sends one e-mail address at most ${QUESTIONS_PER_EMAIL_PER_DAY} acknowledgements a day, from any connection`, async () => {
    const email = "cible@exemple.fr";
    const sender = await buildAccount(t.deps.db);
    for (let index = 0; index < QUESTIONS_PER_EMAIL_PER_DAY; index++) {
      await sendQuestion(t.deps, { topic: "autre", requestNumber: null, body: `Question ${index}`, sender: { kind: "account", accountId: sender.id, name: "X", email }, upload: null }, { ip: `10.20.${index}.1` });
    }
    const browser = new TestBrowser(t.app);
    await browser.get("/contact");
    const response = await browser.post("/contact", { sujet: "autre", numero: "", message: "Encore une", nom: "Quelqu'un", courriel: "Cible@exemple.fr", altcha: await solveCaptcha(t.app) });
    expect(response.statusCode).toBe(429);
    expect(response.body).toContain("Encore une");
    expect(await mailsTo(t.deps.db, email)).toHaveLength(QUESTIONS_PER_EMAIL_PER_DAY);
  });

  it("shows the sent page only for a well-formed reference", async () => {
    expect((await t.app.inject("/contact/envoye?reference=%3Cscript%3E")).statusCode).toBe(404);
    expect((await t.app.inject("/contact/envoye")).statusCode).toBe(404);
  });

  it("is where the portal's contact links lead", async () => {
    for (const url of ["/accessibilite", "/donnees-personnelles"]) expect((await t.app.inject(url)).body).toContain('href="/contact"');
    const login = await buildAccount(t.deps.db);
    expect(login.id).toBeTruthy();
  });
});
